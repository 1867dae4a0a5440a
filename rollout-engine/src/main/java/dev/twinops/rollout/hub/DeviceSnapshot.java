package dev.twinops.rollout.hub;

/**
 * A device as the rollout sees it when choosing or reading a wave's members.
 *
 * @param connectionState {@code Connected} or {@code Disconnected}
 * @param firmwareVersion the reported {@code firmwareVersion}, or null
 * @param batch           the {@code tags.rollout.batch} it was given, or null
 */
public record DeviceSnapshot(String deviceId, String connectionState, String firmwareVersion, Integer batch) {

    public boolean isConnected() {
        return "Connected".equalsIgnoreCase(connectionState);
    }
}
