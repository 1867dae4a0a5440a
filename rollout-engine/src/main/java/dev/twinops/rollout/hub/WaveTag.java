package dev.twinops.rollout.hub;

/**
 * What a twin-update job writes into each device's tags: {@code tags.rollout = {"id", "wave", "batch"}}. Wave
 * membership lives in the hub, where any console, colleague or query can see it.
 */
public record WaveTag(String rolloutId, int wave, int batch) {

    public static final String TAG = "rollout";
}
