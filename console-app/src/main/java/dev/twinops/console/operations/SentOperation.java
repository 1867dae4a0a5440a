package dev.twinops.console.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * An operation as it was sent, for the {@link OperationTracker} to follow.
 *
 * @param targets            the targets in words ("3 selected devices")
 * @param deviceIds          the devices (for a query target, none until the hub resolves it)
 * @param deadline           after this a silent, unfinished device is stuck
 * @param silenceBeforeStuck how long past the deadline a device may go without news before it is stuck
 * @param zone               for the times an operator reads
 */
public record SentOperation(OperationRequest request, String targets, List<String> deviceIds, Instant requestedAt,
                            Instant deadline, Duration silenceBeforeStuck, ZoneId zone) {

    public SentOperation {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(targets, "targets");
        deviceIds = List.copyOf(deviceIds);
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(silenceBeforeStuck, "silenceBeforeStuck");
        Objects.requireNonNull(zone, "zone");
    }
}
