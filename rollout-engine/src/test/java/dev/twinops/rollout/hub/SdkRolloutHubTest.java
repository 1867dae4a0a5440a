package dev.twinops.rollout.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the SDK hub reads the rows the hub returns; the queries themselves run end to end elsewhere. */
class SdkRolloutHubTest {

    private final List<String> sent = new ArrayList<>();

    private SdkRolloutHub hub(SdkRolloutHub.QueryRunner runner) {
        return new SdkRolloutHub("hub.example", text -> {
            sent.add(text);
            return runner.run(text);
        }, new ScheduledJobsClient("127.0.0.1:1", new AzureSasCredential("unused")));
    }

    private static List<JsonNode> rows(String json) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        RolloutJson.mapper().readTree(json).forEach(rows::add);
        return rows;
    }

    @Test
    void aHubThatRefusesMetadataInAProjectionIsAskedWithoutItFromThenOn() throws Exception {
        SdkRolloutHub hub = hub(text -> {
            if (text.contains("$metadata")) {
                throw new HubCallException(HubCallException.Kind.BAD_REQUEST, "unsupported path");
            }
            try {
                return rows("[{\"deviceId\":\"d1\",\"connectionState\":\"Connected\",\"firmwareVersion\":\"1.0.0\","
                        + "\"section\":{\"status\":\"downloading\",\"operationId\":\"r-w1-a1\"}}]");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DeviceSelection.Wave wave = new DeviceSelection.Wave("r", 1, null, List.of("d1"), null);

        List<DeviceReading> first = hub.readDevices(wave, OperationType.FIRMWARE_UPDATE);
        List<DeviceReading> second = hub.readDevices(wave, OperationType.FIRMWARE_UPDATE);

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.section().path("status").asText()).isEqualTo("downloading");
            assertThat(r.statusAt()).isNull();
        });
        assertThat(second).hasSize(1);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).contains("$lastUpdated AS statusAt");
        assertThat(sent.subList(1, 3)).allSatisfy(q -> assertThat(q).doesNotContain("$metadata"));
    }

    @Test
    void rowsAreReadAsTheHubWritesThem() throws Exception {
        SdkRolloutHub hub = hub(text -> {
            try {
                if (text.contains("GROUP BY")) {
                    return rows("[{\"s\":\"downloading\",\"n\":4},{\"n\":2}]");
                }
                if (text.contains("devices.jobs")) {
                    return rows("[{\"deviceId\":\"a\",\"status\":\"completed\",\"outcome\":{\"deviceMethodResponse\":"
                            + "{\"status\":403,\"payload\":{\"code\":\"REFUSED\"}}}},"
                            + "{\"deviceId\":\"b\",\"status\":\"failed\",\"error\":{\"code\":\"DeviceNotOnline\","
                            + "\"description\":\"Timed out waiting for device to connect (404103)\"}}]");
                }
                if (text.contains("AS statusAt")) {
                    return rows("[{\"deviceId\":\"a\",\"connectionState\":\"Connected\",\"section\":{\"status\":"
                            + "\"current\"},\"statusAt\":\"2026-03-01T10:00:05.1234567Z\"}]");
                }
                return rows("[{\"deviceId\":\"a\",\"connectionState\":\"Disconnected\",\"batch\":2}]");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(hub.statusCounts("r", 1, OperationType.FIRMWARE_UPDATE)).containsExactly(
                new StatusCount("downloading", 4), new StatusCount(null, 2));
        assertThat(hub.jobOutcomes("r-w1-a1-b0")).satisfiesExactly(
                a -> assertThat(a.methodStatus()).isEqualTo(403),
                b -> assertThat(b.isDeviceNotOnline()).isTrue());
        assertThat(hub.readDevices(DeviceSelection.Wave.all("r", 1), OperationType.FIRMWARE_UPDATE).get(0).statusAt())
                .isEqualTo(Instant.parse("2026-03-01T10:00:05.1234567Z"));
        assertThat(hub.listDevices(DeviceSelection.Wave.all("r", 1))).containsExactly(
                new DeviceSnapshot("a", "Disconnected", null, 2));
        assertThat(sent.get(0)).isEqualTo("SELECT properties.reported.iothubDM.firmwareUpdate.status AS s, COUNT() AS n "
                + "FROM devices WHERE tags.rollout.id = 'r' AND tags.rollout.wave = 1 GROUP BY "
                + "properties.reported.iothubDM.firmwareUpdate.status");
    }
}
