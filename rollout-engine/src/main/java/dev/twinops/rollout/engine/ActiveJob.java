package dev.twinops.rollout.engine;

import java.util.List;

/**
 * The one job the engine has under way (IoT Hub's S1 allows one active job, so jobs go one after another).
 *
 * @param deviceIds the devices a method job was meant for (null for a tag job)
 */
public record ActiveJob(String jobId, Kind kind, int wave, List<String> deviceIds) {

    public enum Kind { TAG, METHOD }
}
