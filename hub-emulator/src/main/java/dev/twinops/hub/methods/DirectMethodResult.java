package dev.twinops.hub.methods;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A device's answer to a direct method, as the service endpoint returns it ({@code {"status":..,"payload":..}}).
 *
 * @param status  the status the device chose (any integer, not an HTTP status of the hub)
 * @param payload the device's JSON payload; a {@code NullNode} when the device sent nothing, a text node
 *                when it sent something that is not JSON
 */
public record DirectMethodResult(int status, JsonNode payload) {
}
