package dev.twinops.rollout.engine;

import java.time.Instant;

/** A reported phase of a device's operation (e.g. {@code downloading}) and when the device wrote it. */
public record PhaseMark(String status, Instant at) {
}
