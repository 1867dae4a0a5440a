package dev.twinops.console.progress;

/** A device that failed or got stuck in an operation, with the reason an operator reads. */
public record FailedDevice(String deviceId, String reason, boolean stuck) {
}
