package dev.twinops.console.operations;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long devices get before an unfinished one counts as stuck: per operation kind, plus the job's time to reach
 * every device at the hub tier's pace, plus the connect timeout. {@code silence} is how long a device past its
 * deadline may go without news before it is flagged (a slow download that still moves is not stuck).
 */
public record OperationDeadlines(Map<OperationKind, Duration> perDevice, Duration silence) {

    public static final OperationDeadlines DEFAULTS = new OperationDeadlines(defaults(), Duration.ofSeconds(30));

    public OperationDeadlines {
        perDevice = Map.copyOf(perDevice);
        Objects.requireNonNull(silence, "silence");
    }

    /** The same for every kind (tests use short ones). */
    public static OperationDeadlines uniform(Duration perDevice, Duration silence) {
        Map<OperationKind, Duration> m = new EnumMap<>(OperationKind.class);
        for (OperationKind k : OperationKind.values()) {
            m.put(k, perDevice);
        }
        return new OperationDeadlines(m, silence);
    }

    public Duration deadline(OperationRequest request, long devices, HubTier tier) {
        Duration base = perDevice.getOrDefault(request.kind(), request.kind().defaultDeadline());
        Duration dispatch = devices > 1 ? tier.jobDispatchTime(devices) : Duration.ZERO;
        return base.plus(dispatch).plusSeconds(request.connectTimeoutSeconds());
    }

    private static Map<OperationKind, Duration> defaults() {
        Map<OperationKind, Duration> m = new EnumMap<>(OperationKind.class);
        for (OperationKind k : OperationKind.values()) {
            m.put(k, k.defaultDeadline());
        }
        return m;
    }
}
