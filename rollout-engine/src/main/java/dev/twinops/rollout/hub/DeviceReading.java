package dev.twinops.rollout.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a progress round reads about one device still in flight.
 *
 * @param section  the operation's {@code iothubDM} section ({@code firmwareUpdate} or {@code reboot}), or null
 * @param statusAt when that section's {@code status} was last written ({@code $metadata ... $lastUpdated}), or null
 */
public record DeviceReading(String deviceId, String connectionState, String firmwareVersion, JsonNode section,
                            Instant statusAt) {
}
