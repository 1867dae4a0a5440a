package dev.twinops.rollout.hub;

import com.fasterxml.jackson.databind.JsonNode;

/** A direct method as a job sends it to every selected device. */
public record MethodCall(String methodName, JsonNode payload, int responseTimeoutSeconds, int connectTimeoutSeconds) {
}
