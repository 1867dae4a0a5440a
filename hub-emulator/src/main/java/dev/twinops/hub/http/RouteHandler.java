package dev.twinops.hub.http;

import java.util.concurrent.CompletionStage;

/**
 * Handles one matched, authorised request. Runs on a Netty event loop: it must not block. Work that waits
 * (a durable write, a device's answer) is returned as a stage; CPU-heavy work goes to another executor.
 * A {@link dev.twinops.hub.state.HubException}, thrown or as the stage's failure, becomes IoT Hub's error response.
 */
@FunctionalInterface
public interface RouteHandler {
    CompletionStage<ServiceResponse> handle(ServiceRequest request);
}
