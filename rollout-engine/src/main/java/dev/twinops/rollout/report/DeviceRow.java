package dev.twinops.rollout.report;

import java.time.Duration;
import java.util.Map;

/** One device in the report: where it ended, why if it failed, and its time per phase. */
public record DeviceRow(String deviceId, int wave, String waveName, String state, String errorCode,
                        String errorMessage, int attempts, Map<String, Duration> phaseTimes) {
}
