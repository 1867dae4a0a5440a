package dev.twinops.rollout.hub;

import java.util.List;
import java.util.Objects;

/**
 * Which devices a hub call is about, said in the rollout's terms; {@link RolloutQueries} turns it into IoT Hub's
 * query language.
 */
public sealed interface DeviceSelection {

    /** Every device of the rollout's target. */
    record Target(String targetCondition) implements DeviceSelection {
        public Target {
            Objects.requireNonNull(targetCondition, "targetCondition");
        }
    }

    /**
     * Target devices not yet in rollout {@code rolloutId}: {@code (target) [AND (condition)] AND
     * (NOT IS_DEFINED(tags.rollout.id) OR tags.rollout.id != 'id')}.
     *
     * @param condition a wave's own condition, or null
     */
    record Unassigned(String targetCondition, String condition, String rolloutId) implements DeviceSelection {
        public Unassigned {
            Objects.requireNonNull(targetCondition, "targetCondition");
            Objects.requireNonNull(rolloutId, "rolloutId");
        }
    }

    /** Exactly these devices: {@code deviceId IN [...]}. */
    record Ids(List<String> deviceIds) implements DeviceSelection {
        public Ids {
            deviceIds = List.copyOf(deviceIds);
        }
    }

    /**
     * Devices tagged into a wave: {@code tags.rollout.id = 'id' AND tags.rollout.wave = n}, optionally one batch,
     * only some ids, and (firmware) only devices not already reporting {@code notAtVersion}.
     */
    record Wave(String rolloutId, int wave, Integer batch, List<String> deviceIds, String notAtVersion)
            implements DeviceSelection {
        public Wave {
            Objects.requireNonNull(rolloutId, "rolloutId");
            deviceIds = deviceIds == null ? null : List.copyOf(deviceIds);
        }

        public static Wave all(String rolloutId, int wave) {
            return new Wave(rolloutId, wave, null, null, null);
        }
    }
}
