package dev.twinops.hub.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Random loopback addresses, so tests that bind fixed ports (MQTT 8883) can run side by side. */
public final class LoopbackAddresses {
    private LoopbackAddresses() {
    }

    public static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }
}
