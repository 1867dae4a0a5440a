package dev.twinops.hub.mqtt;

import java.time.Duration;

/**
 * How long and how many device connections may wait: absolute deadlines a client cannot stretch by trickling
 * bytes, as IoT Hub bounds them.
 *
 * @param connectDeadline      from the TCP connection to an accepted CONNECT, whatever arrives meanwhile
 * @param maxKeepAliveTimeout  the longest silence allowed after CONNECT, whatever keepAlive the device asks for
 *                             (keepAlive 0 included)
 * @param maxPendingPerAddress connections from one address that have not authenticated yet; more are closed at once
 */
record ConnectionLimits(Duration connectDeadline, Duration maxKeepAliveTimeout, int maxPendingPerAddress) {

    /** A connection must send an acceptable CONNECT within this time (the hub's own figure). */
    static final Duration CONNECT_DEADLINE = Duration.ofSeconds(30);
    /**
     * IoT Hub drops a connection after 1.5 x keepAlive of silence, but never waits longer than 29.45 minutes,
     * the Azure load balancer's idle timeout (IoT Hub's MQTT support article: 1767 s; the largest useful client
     * keepAlive is therefore 1177 s).
     */
    static final Duration MAX_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(1767);
    /**
     * IoT Hub documents no such limit; its nearest figure is the rate of new device connections an S1 hub
     * accepts, at least 100 a second. A hundred connections from one address still saying nothing is more than a
     * fleet that connects at that rate ever has open at once.
     */
    static final int MAX_PENDING_PER_ADDRESS = 100;

    static final ConnectionLimits IOT_HUB =
            new ConnectionLimits(CONNECT_DEADLINE, MAX_KEEP_ALIVE_TIMEOUT, MAX_PENDING_PER_ADDRESS);

    /**
     * How long a connection may stay silent: MQTT 3.1.1 (section 3.1.2.10) allows one and a half keep-alive
     * periods, capped at {@link #maxKeepAliveTimeout}; keepAlive 0 (no keep-alive asked for) gets the cap rather
     * than no watchdog at all.
     */
    Duration keepAliveTimeout(int keepAliveSeconds) {
        if (keepAliveSeconds <= 0) {
            return maxKeepAliveTimeout;
        }
        Duration asked = Duration.ofMillis(keepAliveSeconds * 1500L);
        return asked.compareTo(maxKeepAliveTimeout) > 0 ? maxKeepAliveTimeout : asked;
    }
}
