package dev.twinops.hub.state;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * IoT Hub's rules for device identities: what a device id, a key and a status reason may be, and how the hub makes
 * the keys, etags and generation ids of new and changed identities.
 */
final class IdentityRules {

    /** IoT Hub's device id rule: up to 128 ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']{1,128}");
    private static final int MAX_STATUS_REASON = 128;
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;
    private static final int GENERATED_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    /** ARGUMENT_INVALID unless the id, the given keys and the status reason follow IoT Hub's rules. */
    static void check(DeviceIdentity device) {
        if (device == null) {
            throw TwinRules.invalid("a device is required");
        }
        checkDeviceId(device.deviceId());
        checkKey(device.primaryKey(), "primary");
        checkKey(device.secondaryKey(), "secondary");
        if (device.statusReason() != null && device.statusReason().length() > MAX_STATUS_REASON) {
            throw TwinRules.invalid("statusReason is " + device.statusReason().length()
                    + " characters; IoT Hub's limit is " + MAX_STATUS_REASON);
        }
    }

    static void checkDeviceId(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw TwinRules.invalid("device id '" + deviceId + "' is invalid: IoT Hub device ids are 1 to 128"
                    + " characters of ASCII letters, digits and - . + % _ # * ? ! ( ) , : = @ $ '");
        }
    }

    private static void checkKey(String key, String which) {
        if (key == null) {
            return;
        }
        int bytes;
        try {
            bytes = Base64.getDecoder().decode(key).length;
        } catch (IllegalArgumentException e) {
            throw TwinRules.invalid("the " + which + " key is not valid base64");
        }
        if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
            throw TwinRules.invalid("the " + which + " key is " + bytes + " bytes; IoT Hub keys are "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes (base64 encoded)");
        }
    }

    /**
     * A new device as the hub registers it: missing keys generated, enabled unless said otherwise; the given etag,
     * generationId and statusUpdatedTime are ignored (the hub assigns them).
     */
    DeviceIdentity created(DeviceIdentity wanted) {
        return new DeviceIdentity(wanted.deviceId(),
                wanted.primaryKey() != null ? wanted.primaryKey() : newKey(),
                wanted.secondaryKey() != null ? wanted.secondaryKey() : newKey(),
                wanted.status() != null ? wanted.status() : DeviceStatus.ENABLED,
                wanted.statusReason(), IotHubTime.NEVER, newEtag(), newGenerationId());
    }

    /** A stored device updated: a null key or status keeps the stored one; a status change is timed; a new etag. */
    DeviceIdentity updated(DeviceIdentity stored, DeviceIdentity wanted, Instant now) {
        DeviceStatus status = wanted.status() != null ? wanted.status() : stored.status();
        Instant statusUpdated = status == stored.status() ? stored.statusUpdatedTime() : now;
        return new DeviceIdentity(stored.deviceId(),
                wanted.primaryKey() != null ? wanted.primaryKey() : stored.primaryKey(),
                wanted.secondaryKey() != null ? wanted.secondaryKey() : stored.secondaryKey(),
                status, wanted.statusReason(), statusUpdated, newEtag(), stored.generationId());
    }

    private String newKey() {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Like IoT Hub's device etags: base64 of a decimal number; unique per registry change. */
    private String newEtag() {
        return Base64.getEncoder().encodeToString(
                Long.toString(random.nextLong() & Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII));
    }

    private String newGenerationId() {
        return Long.toString(637_000_000_000_000_000L + (random.nextLong() & 0xFFFF_FFFF_FFFFL));
    }
}
