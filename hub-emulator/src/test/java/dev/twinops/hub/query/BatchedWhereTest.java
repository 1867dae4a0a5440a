package dev.twinops.hub.query;

import static dev.twinops.hub.query.TestTwins.deviceIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.hub.state.CompactObjectNode;

/**
 * A WHERE filters documents a batch at a time (several hundred, one path step over all of them before the next);
 * over fleets larger than a batch, with twins of different shapes, missing paths and mixed types, every condition
 * must keep exactly the twins that testing each twin alone keeps, in the same order, and TOP must cut at the same
 * twin, whether the twins are Jackson's nodes or the hub's compact ones.
 */
class BatchedWhereTest {
    /** 5 kinds of twin (see {@link TestTwins#fleet()}) x 121: 605 twins, more than two batches. */
    private static final int PER_KIND = 121;

    private static List<JsonNode> fleet(boolean compact) {
        List<JsonNode> base = TestTwins.fleet();
        List<JsonNode> fleet = new ArrayList<>();
        for (int i = 0; i < base.size() * PER_KIND; i++) {
            ObjectNode twin = ((ObjectNode) base.get(i % base.size())).deepCopy();
            twin.put("deviceId", base.get(i % base.size()).path("deviceId").asText() + "#" + i);
            fleet.add(compact ? CompactObjectNode.copyOf(twin) : twin);
        }
        return fleet;
    }

    /** The twins the condition is true for, checked one twin at a time. */
    private static List<String> oneByOne(String condition, List<JsonNode> fleet) {
        QueryCondition parsed = QueryCondition.parse(condition);
        return deviceIds(fleet.stream().filter(parsed::test).toList());
    }

    private static List<String> queried(String query, List<JsonNode> fleet) {
        return deviceIds(TwinQuery.parse(query).execute(fleet));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyConditionKeepsWhatCheckingTwinByTwinKeeps(boolean compact) {
        List<JsonNode> fleet = fleet(compact);
        // condition, and how many of the 5 kinds of twin it holds for
        Object[][] cases = {
            {"tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'", 1},
            {"properties.reported.firmwareVersion != '2.0.0'", 2}, // a number (valve-011) and a missing value do not count
            {"properties.reported.firmwareVersion = 1", 1},
            {"'plant-8' = tags.site AND status = 'enabled'", 1},
            {"tags.location.building = 'B2' AND tags.location.floor = 1", 1},
            {"properties.reported.iothubDM.firmwareUpdate.status = 'downloading'", 1},
            {"properties.reported.modes[1] = 'boost'", 1},
            {"properties.reported.nothing.deeper = 'x' OR deviceId = 'none'", 0},
            {"NOT (tags.site = 'plant-7')", 2},
            {"NOT (tags.site = 'plant-7' AND properties.reported.nothing = 'x')", 2},
            {"IS_DEFINED(tags.location) AND tags.site != 'plant-7'", 1},
            {"NOT IS_DEFINED(properties.reported.firmwareVersion) OR tags.site = 'plant-8'", 3},
            {"properties.reported.temperature > 20 AND connectionState = 'Connected'", 2},
            {"status = 'enabled' AND (tags.site = 'plant-7' OR properties.reported.temperature < 0)", 2},
            {"properties.reported.note = null AND tags.region = 'us-east'", 1},
            {"tags = 'plant-7' AND status = 'enabled'", 0}, // an object compared with a string is undefined
        };
        for (Object[] c : cases) {
            String condition = (String) c[0];
            List<String> expected = oneByOne(condition, fleet);
            assertThat(expected).as(condition).hasSize((Integer) c[1] * PER_KIND);
            assertThat(queried("SELECT * FROM devices WHERE " + condition, fleet)).as(condition).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void topStopsAtTheSameTwinAcrossBatches(boolean compact) {
        List<JsonNode> fleet = fleet(compact);
        String condition = "tags.site = 'plant-7' AND status = 'enabled'";
        List<String> all = oneByOne(condition, fleet);
        for (int top : new int[] {1, 100, 130, 242, 1000}) {
            assertThat(queried("SELECT TOP " + top + " * FROM devices WHERE " + condition, fleet))
                    .as("TOP %d", top).isEqualTo(all.subList(0, Math.min(top, all.size())));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aggregatesCountWhatTheFilterKeeps(boolean compact) {
        List<JsonNode> fleet = fleet(compact);
        List<JsonNode> rows = TwinQuery.parse("SELECT tags.site AS site, COUNT() AS n FROM devices"
                + " WHERE status = 'enabled' AND properties.reported.firmwareVersion != '1.4.2' GROUP BY tags.site")
                .execute(fleet);
        // pump-002 (plant-7) alone: valve-011 reports a number and sensor-100 nothing
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("site").asText()).isEqualTo("plant-7");
        assertThat(rows.get(0).path("n").asInt()).isEqualTo(PER_KIND);
    }
}
