package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.twinops.hub.state.StateTestSupport.desired;
import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static dev.twinops.hub.state.StateTestSupport.refusal;
import static dev.twinops.hub.state.StateTestSupport.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubStateTwinTest {

    @TempDir
    Path dataDir;

    private final StateTestSupport.ManualClock clock =
            new StateTestSupport.ManualClock(Instant.parse("2026-01-01T00:00:00.1234567Z"));
    private HubState state;

    @BeforeEach
    void open() {
        state = HubState.open(dataDir, clock);
        done(state.registry().putDevice(newDevice("dev1"), null));
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void aNewDeviceHasAnEmptyTwinAsTheServiceSdkReadsIt() {
        ObjectNode twin = state.serviceTwin("dev1");

        assertThat(twin.path("deviceId").asText()).isEqualTo("dev1");
        assertThat(twin.path("version").asLong()).isEqualTo(1);
        assertThat(twin.path("etag").asText()).isEqualTo("AAAAAAAAAAE=");
        assertThat(twin.path("deviceEtag").asText()).isEqualTo(state.registry().device("dev1").orElseThrow().etag());
        assertThat(twin.path("status").asText()).isEqualTo("enabled");
        assertThat(twin.path("statusUpdateTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(twin.path("connectionState").asText()).isEqualTo("Disconnected");
        assertThat(twin.path("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(twin.path("cloudToDeviceMessageCount").asInt()).isZero();
        assertThat(twin.path("authenticationType").asText()).isEqualTo("sas");
        assertThat(twin.path("capabilities").path("iotEdge").asBoolean(true)).isFalse();
        assertThat(twin.path("tags").isObject()).isTrue();
        assertThat(desired(twin).path("$version").asLong()).isEqualTo(1);
        assertThat(desired(twin).path("$metadata").path("$lastUpdated").asText())
                .isEqualTo("2026-01-01T00:00:00.1234567Z");
        assertThat(reported(twin).path("$version").asLong()).isEqualTo(1);
        assertThat(state.deviceTwin("dev1")).isEqualTo(json("{'desired':{'$version':1},'reported':{'$version':1}}"));
    }

    @Test
    void desiredPatchMergesNestedObjectsAndNullDeletes() {
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'a':1,'cfg':{'x':1,'y':{'z':true}},'gone':'soon'}}}"), null));

        ObjectNode twin = done(state.patchTwin("dev1",
                json("{'properties':{'desired':{'gone':null,'cfg':{'x':2,'y':{'z':null,'w':'new'}}}}}"), null));

        ObjectNode properties = (ObjectNode) desired(twin).deepCopy();
        properties.remove(List.of("$metadata", "$version"));
        assertThat(properties).isEqualTo(json("{'a':1,'cfg':{'x':2,'y':{'w':'new'}}}"));
        assertThat(desired(twin).path("$metadata").has("gone")).isFalse();
        assertThat(desired(twin).path("$metadata").path("cfg").path("y").has("z")).isFalse();
        assertThat(state.deviceTwin("dev1").path("desired"))
                .isEqualTo(json("{'a':1,'cfg':{'x':2,'y':{'w':'new'}},'$version':3}"));
    }

    @Test
    void tagsMerge() {
        done(state.patchTwin("dev1", json("{'tags':{'site':'plant-1','zone':{'a':1},'owner':{'team':'ops','on':1}}}"), null));
        ObjectNode twin = done(state.patchTwin("dev1", json("{'tags':{'owner':{'on':null}}}"), null));

        assertThat(twin.path("tags")).isEqualTo(json("{'site':'plant-1','zone':{'a':1},'owner':{'team':'ops'}}"));
        assertThat(desired(twin).path("$version").asLong()).as("tags do not touch desired").isEqualTo(1);
    }

    @Test
    void versionsAndEtagBumpWithEachChange() {
        ObjectNode afterDesired = done(state.patchTwin("dev1", json("{'properties':{'desired':{'a':1}}}"), null));
        assertThat(afterDesired.path("version").asLong()).isEqualTo(2);
        assertThat(desired(afterDesired).path("$version").asLong()).isEqualTo(2);
        assertThat(afterDesired.path("etag").asText()).isEqualTo("AAAAAAAAAAI=");

        ObjectNode afterTags = done(state.patchTwin("dev1", json("{'tags':{'t':1}}"), null));
        assertThat(afterTags.path("version").asLong()).isEqualTo(3);
        assertThat(desired(afterTags).path("$version").asLong()).isEqualTo(2);

        long reportedVersion = done(state.patchReported("dev1", json("{'fw':'1.0.0'}")));
        assertThat(reportedVersion).isEqualTo(2);
        done(state.patchReported("dev1", json("{'fw':'1.0.1'}")));
        ObjectNode twin = state.serviceTwin("dev1");
        assertThat(twin.path("version").asLong()).isEqualTo(5);
        assertThat(twin.path("etag").asText()).isEqualTo("AAAAAAAAAAU=");
        assertThat(reported(twin).path("$version").asLong()).isEqualTo(3);
        assertThat(reported(twin).path("fw").asText()).isEqualTo("1.0.1");
        assertThat(state.deviceTwin("dev1").path("reported").path("$version").asLong()).isEqualTo(3);
    }

    @Test
    void etagOfVersionSevenIsIotHubs() {
        for (int i = 0; i < 6; i++) {
            done(state.patchTwin("dev1", json("{'tags':{'n':" + i + "}}"), null));
        }
        assertThat(state.serviceTwin("dev1").path("etag").asText()).isEqualTo("AAAAAAAAAAc=");
    }

    @Test
    void ifMatchAcceptsTheCurrentEtagQuotedOrNotAndRefusesAStaleOneWithoutChangingAnything() {
        String etag = state.serviceTwin("dev1").path("etag").asText();
        done(state.patchTwin("dev1", json("{'tags':{'a':1}}"), "\"" + etag + "\""));
        String next = state.serviceTwin("dev1").path("etag").asText();
        done(state.patchTwin("dev1", json("{'tags':{'a':2}}"), next));
        ObjectNode before = state.serviceTwin("dev1");

        HubException stale = refusal(state.patchTwin("dev1", json("{'tags':{'a':3},'properties':{'desired':{'d':1}}}"), etag));

        assertThat(stale.error()).isEqualTo(HubError.PRECONDITION_FAILED);
        assertThat(stale.error().errorCode()).isEqualTo(412001);
        assertThat(stale.getMessage()).contains(etag);
        assertThat(state.serviceTwin("dev1")).isEqualTo(before);
        HubException staleReplace = refusal(state.replaceTwin("dev1", json("{'tags':{}}"), etag));
        assertThat(staleReplace.error()).isEqualTo(HubError.PRECONDITION_FAILED);
        assertThat(state.serviceTwin("dev1")).isEqualTo(before);
        assertThat(done(state.patchTwin("dev1", json("{'tags':{'a':4}}"), "*")).path("tags").path("a").asInt()).isEqualTo(4);
    }

    @Test
    void onlyTagsAndDesiredAreTakenFromAServicePatch() {
        ObjectNode twin = done(state.patchTwin("dev1", json("{'deviceId':null,'etag':null,'version':99,'status':'disabled',"
                + "'properties':{'desired':{'a':1},'reported':{'hack':1}}}"), null));

        assertThat(twin.path("version").asLong()).isEqualTo(2);
        assertThat(twin.path("status").asText()).isEqualTo("enabled");
        assertThat(reported(twin).has("hack")).isFalse();
    }

    @Test
    void systemKeysEchoedBackByAClientAreIgnored() {
        ObjectNode twin = done(state.patchTwin("dev1",
                json("{'properties':{'desired':{'a':1,'$version':42,'$metadata':{'x':1}}}}"), null));

        assertThat(desired(twin).path("$version").asLong()).isEqualTo(2);
        assertThat(desired(twin).path("$metadata").has("x")).isFalse();
    }

    @Test
    void metadataRecordsWhenAndAtWhichVersionEachPropertyChanged() {
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'a':1,'cfg':{'x':1,'y':1}}}}"), null));
        clock.advance(Duration.ofSeconds(5));
        ObjectNode twin = done(state.patchTwin("dev1", json("{'properties':{'desired':{'cfg':{'y':2}}}}"), null));

        JsonNode metadata = desired(twin).path("$metadata");
        assertThat(metadata.path("$lastUpdated").asText()).isEqualTo("2026-01-01T00:00:05.1234567Z");
        assertThat(metadata.path("$lastUpdatedVersion").asLong()).isEqualTo(3);
        assertThat(metadata.path("a").path("$lastUpdated").asText()).isEqualTo("2026-01-01T00:00:00.1234568Z");
        assertThat(metadata.path("a").path("$lastUpdatedVersion").asLong()).isEqualTo(2);
        assertThat(metadata.path("cfg").path("$lastUpdated").asText()).isEqualTo("2026-01-01T00:00:05.1234567Z");
        assertThat(metadata.path("cfg").path("x").path("$lastUpdatedVersion").asLong()).isEqualTo(2);
        assertThat(metadata.path("cfg").path("y").path("$lastUpdatedVersion").asLong()).isEqualTo(3);
    }

    @Test
    void reportedMetadataAdvancesWithEveryPatchAndHasNoVersion() {
        done(state.patchReported("dev1", json("{'fw':'1.0'}")));
        String first = reported(state.serviceTwin("dev1")).path("$metadata").path("fw").path("$lastUpdated").asText();
        done(state.patchReported("dev1", json("{'fw':'1.1'}")));
        JsonNode metadata = reported(state.serviceTwin("dev1")).path("$metadata");

        assertThat(first).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
        assertThat(metadata.path("fw").path("$lastUpdated").asText()).isGreaterThan(first);
        assertThat(metadata.path("$lastUpdated").asText()).isEqualTo(metadata.path("fw").path("$lastUpdated").asText());
        assertThat(metadata.path("fw").has("$lastUpdatedVersion")).isFalse();
    }

    @Test
    void desiredListenerGetsThePatchWithVersionOnceTheWriteIsCommitted() {
        List<String> calls = new CopyOnWriteArrayList<>();
        state.addDesiredPropertiesListener((deviceId, patch) -> calls.add(deviceId + " " + patch
                + " visible=" + desired(state.serviceTwin(deviceId)).has("interval")));

        done(state.patchTwin("dev1", json("{'properties':{'desired':{'interval':10,'old':null}}}"), null));
        done(state.patchTwin("dev1", json("{'tags':{'no':'desired change'}}"), null));
        state.close();

        // Memory is updated only after the commit, so "visible" means durable; the reopened state proves it.
        assertThat(calls).containsExactly("dev1 {\"interval\":10,\"old\":null,\"$version\":2} visible=true");
        state = HubState.open(dataDir, clock);
        assertThat(state.deviceTwin("dev1").path("desired")).isEqualTo(json("{'interval':10,'$version':2}"));
    }

    @Test
    void replaceSetsTagsAndDesiredWholesaleAndTellsTheDeviceWhatWasDeleted() {
        done(state.patchTwin("dev1", json("{'tags':{'a':1,'b':2},'properties':{'desired':{'keep':1,'drop':2,'cfg':{'x':1,'y':2}}}}"), null));
        List<ObjectNode> patches = new CopyOnWriteArrayList<>();
        state.addDesiredPropertiesListener((deviceId, patch) -> patches.add(patch));

        ObjectNode twin = done(state.replaceTwin("dev1",
                json("{'tags':{'b':3},'properties':{'desired':{'keep':1,'cfg':{'x':1},'added':true}}}"), null));

        assertThat(twin.path("tags")).isEqualTo(json("{'b':3}"));
        assertThat(state.deviceTwin("dev1").path("desired"))
                .isEqualTo(json("{'keep':1,'cfg':{'x':1},'added':true,'$version':3}"));
        assertThat(patches).containsExactly(json("{'drop':null,'cfg':{'y':null},'added':true,'$version':3}"));
        assertThat(twin.path("version").asLong()).isEqualTo(3);
    }

    @Test
    void unknownDevicesAreNotFound() {
        assertThat(refusal(state.patchTwin("nope", json("{'tags':{'a':1}}"), null)).error()).isEqualTo(HubError.DEVICE_NOT_FOUND);
        assertThat(refusal(state.replaceTwin("nope", json("{}"), null)).error()).isEqualTo(HubError.DEVICE_NOT_FOUND);
        HubException reported = refusal(state.patchReported("nope", json("{'a':1}")));
        assertThat(reported.error().errorCode()).isEqualTo(404001);
        assertThatThrownBy(() -> state.serviceTwin("nope")).isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).error()).isEqualTo(HubError.DEVICE_NOT_FOUND);
        assertThatThrownBy(() -> state.deviceTwin("nope")).isInstanceOf(HubException.class);
    }

    @Test
    void presenceShowsInTheTwinWithoutChangingItsVersion() {
        clock.advance(Duration.ofMinutes(1));
        state.presence().connectionChanged("dev1", true);
        ObjectNode connected = state.serviceTwin("dev1");
        assertThat(connected.path("connectionState").asText()).isEqualTo("Connected");
        assertThat(connected.path("lastActivityTime").asText()).isEqualTo("2026-01-01T00:01:00.1234567Z");
        assertThat(state.presence().isConnected("dev1")).isTrue();

        clock.advance(Duration.ofSeconds(1));
        state.presence().deviceActivity("dev1");
        assertThat(state.twins()).singleElement()
                .satisfies(t -> assertThat(t.path("lastActivityTime").asText()).isEqualTo("2026-01-01T00:01:01.1234567Z"));

        state.presence().connectionChanged("dev1", false);
        assertThat(state.serviceTwin("dev1").path("connectionState").asText()).isEqualTo("Disconnected");
        assertThat(state.serviceTwin("dev1").path("version").asLong()).isEqualTo(1);
    }

    @Test
    void aReplacingConnectionThatOpensBeforeTheOldOneClosesStaysConnected() {
        state.presence().connectionChanged("dev1", true);
        state.presence().connectionChanged("dev1", true);
        state.presence().connectionChanged("dev1", false);

        assertThat(state.serviceTwin("dev1").path("connectionState").asText()).isEqualTo("Connected");
    }

    @Test
    void returnedTwinsAreCopiesThatCannotCorruptTheState() {
        ObjectNode copy = state.serviceTwin("dev1");
        ((ObjectNode) copy.path("tags")).put("injected", 1);

        assertThat(state.serviceTwin("dev1").path("tags").has("injected")).isFalse();
    }

    @Test
    void aReportedPatchForAnotherVersionIsRefusedAndChangesNothing() {
        done(state.patchReported("dev1", json("{'fw':'1.0'}")));
        ObjectNode before = state.serviceTwin("dev1");

        HubException stale = refusal(state.patchReported("dev1", json("{'fw':'0.9'}"), 1L));

        assertThat(stale.error()).isEqualTo(HubError.PRECONDITION_FAILED);
        assertThat(stale.getMessage()).contains("version 2, not 1");
        assertThat(state.serviceTwin("dev1")).isEqualTo(before);
        assertThat(done(state.patchReported("dev1", json("{'fw':'1.1'}"), 2L))).isEqualTo(3);
    }
}
