package dev.twinops.hub.jobs;

import java.util.Optional;

/** The scheduled job types of IoT Hub's jobs API, with their wire names. */
public enum JobType {
    SCHEDULE_DEVICE_METHOD("scheduleDeviceMethod"),
    SCHEDULE_UPDATE_TWIN("scheduleUpdateTwin");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    /** E.g. {@code scheduleDeviceMethod}. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name (exact, as IoT Hub compares it). */
    public static Optional<JobType> fromWireName(String name) {
        for (JobType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
