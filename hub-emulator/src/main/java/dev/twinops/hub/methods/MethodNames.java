package dev.twinops.hub.methods;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

/**
 * What a direct method's name may be. The name becomes a level of the device's MQTT topic
 * ({@code $iothub/methods/POST/{name}/?$rid=..}), so it must not be able to change that topic's shape: IoT Hub allows
 * printable US-ASCII except {@code $ ( ) < > @ , ; : \ " / [ ] ? = { }}, space and tab (its direct-methods article),
 * and MQTT forbids its wildcards {@code #} and {@code +} in a topic name.
 */
public final class MethodNames {
    /** IoT Hub's limit on a method name's length. */
    public static final int MAX_LENGTH = 128;
    private static final String IOT_HUB_EXCLUDED = "$()<>@,;:\\\"/[]?={} \t";
    private static final String MQTT_WILDCARDS = "#+";

    private MethodNames() {
    }

    /**
     * @throws HubException ARGUMENT_INVALID (400004) naming what is wrong
     */
    public static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("The method name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("The method name is " + name.length() + " characters; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7E || IOT_HUB_EXCLUDED.indexOf(c) >= 0 || MQTT_WILDCARDS.indexOf(c) >= 0) {
                throw invalid("The method name may not contain " + describe(c) + " (at position " + (i + 1)
                        + "): method names are printable US-ASCII without $ ( ) < > @ , ; : \\ \" / [ ] ? = { } # +"
                        + " and spaces");
            }
        }
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7E ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }
}
