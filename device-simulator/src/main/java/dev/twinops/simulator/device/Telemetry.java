package dev.twinops.simulator.device;

import dev.twinops.dm.json.DmJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's telemetry: a temperature reading (a slow random walk) with its firmware version, every
 * {@code telemetryInterval} seconds as the twin's desired properties ask, while the device is online. Guarded by
 * the device's lock, which the scheduled sends take too.
 */
final class Telemetry {

    static final String INTERVAL_PROPERTY = "telemetryInterval";
    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final int MAX_INTERVAL_SECONDS = 86_400;

    private final String deviceId;
    private final Object lock;
    private final Scheduler scheduler;
    private final Supplier<String> firmwareVersionIfOnline;
    private final Consumer<String> send;
    private final Random random;
    // guarded by lock
    private int intervalSeconds;
    private Scheduler.Cancellable task = Scheduler.Cancellable.NONE;
    private double temperature = 21.0;
    private boolean stopped;

    /**
     * @param firmwareVersionIfOnline the running firmware, or null while the device is not online (called under
     *                                the lock)
     * @param send                    sends one message (called outside the lock)
     */
    Telemetry(String deviceId, Object lock, Scheduler scheduler, Supplier<String> firmwareVersionIfOnline,
              Consumer<String> send) {
        this.deviceId = deviceId;
        this.lock = lock;
        this.scheduler = scheduler;
        this.firmwareVersionIfOnline = firmwareVersionIfOnline;
        this.send = send;
        this.random = new Random(deviceId.hashCode());
    }

    int intervalSeconds() {
        synchronized (lock) {
            return intervalSeconds;
        }
    }

    /**
     * Follows a desired {@code telemetryInterval} (ignored unless a number of seconds in range; null is ignored
     * here) and puts the interval the device now uses into {@code patch}.
     */
    void apply(Object value, Map<String, Object> patch) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > MAX_INTERVAL_SECONDS) {
            LOG.debug("{} ignores desired telemetryInterval {}: not a number of seconds in 0..{}", deviceId, value,
                    MAX_INTERVAL_SECONDS);
            return;
        }
        int seconds = (int) Math.round(n.doubleValue());
        synchronized (lock) {
            if (seconds != intervalSeconds || task == Scheduler.Cancellable.NONE) {
                task.cancel();
                task = Scheduler.Cancellable.NONE;
                intervalSeconds = seconds;
                if (seconds > 0) {
                    schedule(seconds);
                }
            }
        }
        patch.put(INTERVAL_PROPERTY, seconds);
    }

    /** No more telemetry until a desired interval says otherwise (the desired value removed, a factory reset). */
    void turnOff() {
        synchronized (lock) {
            task.cancel();
            task = Scheduler.Cancellable.NONE;
            intervalSeconds = 0;
        }
    }

    /** For good: the device stopped. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            task.cancel();
        }
    }

    private void schedule(int seconds) {
        task = scheduler.schedule(Duration.ofSeconds(seconds), () -> {
            String message = null;
            synchronized (lock) {
                if (stopped || intervalSeconds != seconds) {
                    return;
                }
                String firmwareVersion = firmwareVersionIfOnline.get();
                if (firmwareVersion != null) {
                    temperature += (random.nextDouble() - 0.5) * 0.4;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("temperature", Math.round(temperature * 10) / 10.0);
                    body.put("firmwareVersion", firmwareVersion);
                    body.put("time", DmJson.formatInstant(scheduler.now()));
                    message = DmJson.toJson(body);
                }
                schedule(seconds);
            }
            if (message != null) {
                send.accept(message);
            }
        });
    }
}
