package dev.twinops.console.rehearsal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rehearsal as the console remembers it ({@code <home>/rehearsals/<name>/rehearsal.json}): where the fleet's
 * shape was copied from, what was copied, and the rollouts that rehearsed and then ran the plan. No key, no
 * connection string: the source is named by the hub selector's name and its host.
 *
 * @param sourceHub        the hub selector's name of the source (to switch back to it)
 * @param sourceHost       the source's host name: "Run for real" is offered only while connected to it
 * @param sourceTier       the tier the console took the source for ("S1", "S3x2", "unlimited")
 * @param copiedAt         ISO-8601 instant
 * @param rehearsalRollout the rollout that rehearsed the plan on the rehearsal hub; null until one starts
 * @param liveRollout      the same plan run on the source; null until "Run for real"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RehearsalRecord(String name, String sourceHub, String sourceHost, String sourceTier, String condition,
                              int scale, String idPrefix, long sourceDevices, int copied, String copiedAt,
                              String rehearsalHost, String rehearsalRollout, String liveRollout) {

    public RehearsalRecord withRehearsalRollout(String rolloutId, String host) {
        return new RehearsalRecord(name, sourceHub, sourceHost, sourceTier, condition, scale, idPrefix, sourceDevices,
                copied, copiedAt, host, rolloutId, null);
    }

    public RehearsalRecord withLiveRollout(String rolloutId) {
        return new RehearsalRecord(name, sourceHub, sourceHost, sourceTier, condition, scale, idPrefix, sourceDevices,
                copied, copiedAt, rehearsalHost, rehearsalRollout, rolloutId);
    }

    @Override
    public String toString() {
        return name;
    }
}
