package dev.twinops.console.testing;

import java.util.concurrent.ThreadLocalRandom;

/** A random loopback address, so hubs of parallel test runs never collide (the device port is fixed at 8883). */
public final class Loopback {

    private Loopback() {
    }

    public static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }
}
