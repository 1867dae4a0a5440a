package dev.twinops.limits;

/** The kinds of service operation IoT Hub throttles separately (rows of the quotas and throttling page). */
public enum OperationClass {
    /** {@code POST /devices/query}, also for {@code devices.jobs}. */
    QUERIES("queries"),
    /** Service-side twin reads ({@code GET /twins/{id}}). */
    TWIN_READS("twin reads"),
    /** Service-side twin updates ({@code PATCH} and {@code PUT /twins/{id}}). */
    TWIN_UPDATES("twin updates"),
    /** Identity registry operations: create, read, update and delete of {@code /devices/{id}}. */
    REGISTRY_OPERATIONS("identity registry operations"),
    /** Jobs API calls: create, get, cancel, list ({@code /jobs/v2/...}). */
    JOB_OPERATIONS("job operations"),
    /** One device's method call or twin update carried out by a scheduled job; jobs are paced, not refused. */
    JOB_DEVICE_OPERATIONS("job device operations");

    private final String description;

    OperationClass(String description) {
        this.description = description;
    }

    /** Plain words for messages, e.g. "twin reads". */
    public String description() {
        return description;
    }
}
