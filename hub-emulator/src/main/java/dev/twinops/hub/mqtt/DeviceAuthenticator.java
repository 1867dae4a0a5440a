package dev.twinops.hub.mqtt;

import dev.twinops.hub.auth.InvalidSasTokenException;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;

/**
 * Decides a device's MQTT CONNECT: client id = device id, username {@code <host>/<deviceId>/?api-version=..},
 * password a device SAS token for {@code <host>/devices/<deviceId>} signed with the device's primary or
 * secondary key. The host part is not checked: the hub may be reached under several names.
 *
 * <p>Malformed credentials get CONNACK 4 (bad user name or password), a missing client id CONNACK 2, and every
 * refusal of well-formed credentials CONNACK 5 (not authorized), as IoT Hub answers.
 */
final class DeviceAuthenticator {

    /** The decision; {@code reason} is for the log and never contains a secret. */
    record Outcome(MqttConnectReturnCode code, String reason, Instant tokenExpiry) {
        boolean accepted() {
            return code == CONNECTION_ACCEPTED;
        }
    }

    private final HubState state;
    private final Clock clock;

    DeviceAuthenticator(HubState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    Outcome authenticate(String clientId, String username, byte[] password) {
        if (clientId == null || clientId.isEmpty()) {
            return refuse(CONNECTION_REFUSED_IDENTIFIER_REJECTED, "empty client id");
        }
        if (clientId.indexOf('/') >= 0) {
            return refuse(CONNECTION_REFUSED_NOT_AUTHORIZED, "module identities are not supported");
        }
        if (username == null || password == null) {
            return refuse(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "no user name or password");
        }
        String[] userParts = username.split("/", 3);
        if (userParts.length < 2 || userParts[0].isEmpty()) {
            return refuse(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "user name is not '<host>/<deviceId>/?api-version=...'");
        }
        if (!userParts[1].equals(clientId)) {
            return refuse(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "user name names another device");
        }

        SasToken token;
        try {
            token = SasToken.parse(new String(password, java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidSasTokenException e) {
            return refuse(CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, e.getMessage());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        String resource = token.resourceUri();
        int devices = resource.indexOf("/devices/");
        if (devices <= 0 || !SasToken.isHostName(resource.substring(0, devices))
                || !resource.substring(devices + "/devices/".length()).equals(clientId)) {
            return refuse(CONNECTION_REFUSED_NOT_AUTHORIZED, "SAS token is not for this device (sr=" + resource + ")");
        }

        Optional<DeviceIdentity> found = state.registry().device(clientId);
        if (found.isEmpty()) {
            return refuse(CONNECTION_REFUSED_NOT_AUTHORIZED, "unknown device");
        }
        DeviceIdentity device = found.get();
        if (device.status() == DeviceStatus.DISABLED) {
            return refuse(CONNECTION_REFUSED_NOT_AUTHORIZED, "device is disabled");
        }
        return switch (token.verify(Arrays.asList(device.primaryKey(), device.secondaryKey()), clock)) {
            case VALID -> new Outcome(CONNECTION_ACCEPTED, "accepted", token.expiresAt());
            case EXPIRED -> refuse(CONNECTION_REFUSED_NOT_AUTHORIZED, "SAS token expired at " + token.expiresAt());
            case SIGNATURE_MISMATCH -> refuse(CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "SAS token signature matches neither device key");
        };
    }

    private static Outcome refuse(MqttConnectReturnCode code, String reason) {
        return new Outcome(code, reason, null);
    }
}
