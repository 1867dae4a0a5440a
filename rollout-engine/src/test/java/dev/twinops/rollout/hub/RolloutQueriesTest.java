package dev.twinops.rollout.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.plan.OperationType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutQueriesTest {

    @Test
    void selectionsBecomeConditionsWithQuotesEscaped() {
        assertThat(RolloutQueries.condition(new DeviceSelection.Unassigned("tags.site = 'a'", "tags.ring = 'canary'",
                "r1"))).isEqualTo("(tags.site = 'a') AND (tags.ring = 'canary') AND (NOT IS_DEFINED(tags.rollout.id) "
                + "OR tags.rollout.id != 'r1')");
        assertThat(RolloutQueries.condition(new DeviceSelection.Wave("r1", 2, 3, List.of("it's"), "2.0.0")))
                .isEqualTo("tags.rollout.id = 'r1' AND tags.rollout.wave = 2 AND tags.rollout.batch = 3 AND deviceId "
                        + "IN ['it\\'s'] AND (NOT IS_DEFINED(properties.reported.firmwareVersion) OR "
                        + "properties.reported.firmwareVersion != '2.0.0')");
    }

    @Test
    void idListsAreCutSoEveryQueryStaysUnderEightKilobytes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add("a-rather-long-device-identifier-" + i);
        }
        List<List<String>> chunks = RolloutQueries.chunkIds(ids);

        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(5000);
        assertThat(chunks).allSatisfy(chunk -> assertThat(RolloutQueries.detailQuery(new DeviceSelection.Wave(
                "r-20260301-100000-abcd", 12, null, chunk, null), OperationType.FIRMWARE_UPDATE).length())
                .isLessThan(RolloutQueries.MAX_QUERY_LENGTH));
        assertThat(chunks.get(0).size()).isGreaterThan(100);
        List<String> longest = List.of("x".repeat(128));
        assertThat(RolloutQueries.chunkIds(longest)).containsExactly(longest);
    }
}
