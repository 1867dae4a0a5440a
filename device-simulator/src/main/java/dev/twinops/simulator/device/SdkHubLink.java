package dev.twinops.simulator.device;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubConnectionStatusChangeReason;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.twinops.dm.method.MethodResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link HubLink}: one {@link DeviceClient} over MQTT per connection. Every (re)connect creates a new
 * client, as a rebooted device would; blocking SDK calls (open, subscribe, get twin) run on a bounded executor
 * shared by the fleet, so reconnect storms are paced, and closes on another; reports use the SDK's asynchronous API
 * with our own timeout, because of the device SDK race in which a twin response can be lost (SDK issue 1803).
 */
public final class SdkHubLink implements HubLink {

    private static final Logger LOG = LoggerFactory.getLogger(SdkHubLink.class);
    private static final int GET_TWIN_ATTEMPTS = 4;
    private static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(30);
    private static final Duration REPORT_RETRY_DELAY = Duration.ofMillis(500);
    /**
     * A twin answer normally comes within milliseconds; one the SDK loses (issue 1803) is given up on after this on a
     * first attempt, and later attempts wait the full twin timeout for a busy hub.
     */
    private static final Duration QUICK_TWIN_TIMEOUT = Duration.ofSeconds(2);

    private final String deviceId;
    private final String connectionString;
    private final ClientOptions options;
    private final Scheduler scheduler;
    private final Executor blocking;
    private final Executor closing;
    private final Duration twinTimeout;
    private final Duration firstTwinAttemptTimeout;

    private final Object lock = new Object();
    // guarded by lock
    private Handler handler;
    private DeviceClient client;
    private boolean connected;
    private boolean closed;
    private int generation;
    private final ReportQueue reports;

    /**
     * @param connectionString the device connection string; never logged
     * @param options          client options ({@link #clientOptions} with the hub CA's SSLContext for a local hub);
     *                         null for {@code clientOptions(null)}
     * @param blocking         runs the blocking connects (bounded: it paces reconnect storms)
     * @param closing          runs the blocking closes of clients a device drops, apart from the connects, so a
     *                         rebooting device's close does not queue behind other devices' connects (its boot
     *                         waits for the close)
     */
    public SdkHubLink(String deviceId, String connectionString, ClientOptions options, Scheduler scheduler,
                      Executor blocking, Executor closing, Duration twinTimeout) {
        this.deviceId = deviceId;
        this.connectionString = connectionString;
        this.options = options == null ? clientOptions(null) : options;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.closing = closing;
        this.twinTimeout = twinTimeout;
        this.firstTwinAttemptTimeout = QUICK_TWIN_TIMEOUT.compareTo(twinTimeout) < 0 ? QUICK_TWIN_TIMEOUT : twinTimeout;
        this.reports = new ReportQueue(scheduler, firstTwinAttemptTimeout, twinTimeout, REPORT_RETRY_DELAY,
                () -> LOG.debug("{} reported-properties update not acknowledged; sending it again", deviceId));
    }

    /**
     * The device SDK's options for a simulated device: {@code trust} for the hub's certificate (null: the SDK's
     * default roots), and no message-expiry checks. The SDK only expires a message given an expiry time and the
     * simulator gives none, so the check would be a thread a client waking every 10 s for nothing, and one more
     * thread started on every connect (with thousands alive, each start and end costs the JVM in proportion).
     */
    public static ClientOptions clientOptions(SSLContext trust) {
        ClientOptions.ClientOptionsBuilder options = ClientOptions.builder().messageExpirationCheckPeriod(0);
        if (trust != null) {
            options.sslContext(trust);
        }
        return options.build();
    }

    @Override
    public CompletableFuture<DeviceTwinSnapshot> connect(Handler handler) {
        CompletableFuture<DeviceTwinSnapshot> result = new CompletableFuture<>();
        int gen;
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(new CancellationException("link closed"));
                return result;
            }
            this.handler = handler;
            gen = ++generation;
        }
        runBlocking(() -> attemptConnect(gen, result, 0), result);
        return result;
    }

    private void runBlocking(Runnable task, CompletableFuture<?> result) {
        try {
            blocking.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CancellationException("simulator is shutting down"));
        }
    }

    private boolean isCurrent(int gen) {
        synchronized (lock) {
            return gen == generation && !closed;
        }
    }

    private void attemptConnect(int gen, CompletableFuture<DeviceTwinSnapshot> result, int failures) {
        if (!isCurrent(gen)) {
            result.completeExceptionally(new CancellationException("disconnected while connecting"));
            return;
        }
        DeviceClient c = null;
        try {
            long started = System.nanoTime();
            c = new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options);
            c.setConnectionStatusChangeCallback(ctx -> onStatus(gen, ctx.getNewStatus(), ctx.getNewStatusReason()),
                    null);
            c.open(false);
            long opened = System.nanoTime();
            synchronized (lock) {
                if (gen != generation || closed) {
                    throw new CancellationException("disconnected while connecting");
                }
                client = c;
            }
            // desired first: the SDK refuses twin calls until it is subscribed to desired properties
            c.subscribeToDesiredProperties((twin, ctx) -> onDesired(gen, twin), null);
            c.subscribeToMethods((name, payload, ctx) -> onMethod(gen, name, payload == null ? null
                    : payload.getPayloadAsJsonString()), null);
            long subscribed = System.nanoTime();
            Twin twin = getTwin(c);
            // where a reconnect's time goes (docs/performance.md reads these at debug level)
            LOG.debug("{} connected: client and open {} ms, subscriptions {} ms, twin {} ms", deviceId,
                    (opened - started) / 1_000_000, (subscribed - opened) / 1_000_000,
                    (System.nanoTime() - subscribed) / 1_000_000);
            DeviceTwinSnapshot snapshot = new DeviceTwinSnapshot(plain(twin.getDesiredProperties()),
                    plain(twin.getReportedProperties()));
            synchronized (lock) {
                if (gen != generation || closed) {
                    throw new CancellationException("disconnected while connecting");
                }
                connected = true;
            }
            if (failures > 0) {
                LOG.info("{} connected after {} failed attempts", deviceId, failures);
            }
            reports.online(sender(c));
            result.complete(snapshot);
        } catch (CancellationException e) {
            closeQuietly(c);
            result.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(c);
            result.completeExceptionally(new CancellationException("interrupted while connecting"));
        } catch (IotHubClientException | RuntimeException e) {
            synchronized (lock) {
                if (client == c) {
                    client = null;
                }
            }
            closeQuietly(c);
            Duration backoff = backoff(failures);
            if (failures == 0 || failures % 10 == 9) {
                LOG.warn("{} could not connect ({}); retrying in {} ms", deviceId, describe(e), backoff.toMillis());
            } else {
                LOG.debug("{} could not connect ({}); retrying in {} ms", deviceId, describe(e), backoff.toMillis());
            }
            scheduler.schedule(backoff, () -> runBlocking(() -> attemptConnect(gen, result, failures + 1), result));
        }
    }

    /** Twin calls can time out on the client side through no fault of the hub (SDK race): retry with a timeout. */
    private Twin getTwin(DeviceClient c) throws InterruptedException, IotHubClientException {
        IotHubClientException last = null;
        for (int i = 0; i < GET_TWIN_ATTEMPTS; i++) {
            try {
                Duration wait = i == 0 ? firstTwinAttemptTimeout : twinTimeout;
                return c.getTwin((int) wait.toMillis());
            } catch (IotHubClientException e) {
                last = e;
                if (!e.isRetryable() && e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                    throw e;
                }
                LOG.debug("{} get twin attempt {} failed: {}", deviceId, i + 1, e.getStatusCode());
            }
        }
        throw last;
    }

    private static Duration backoff(int failures) {
        long millis = Math.min(MAX_RECONNECT_BACKOFF.toMillis(), 500L << Math.min(failures, 6));
        long jitter = (long) (millis * 0.2 * Math.random());
        return Duration.ofMillis(millis + jitter);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void onStatus(int gen, IotHubConnectionStatus status, IotHubConnectionStatusChangeReason reason) {
        Handler h;
        boolean lostForGood = false;
        synchronized (lock) {
            if (gen != generation || closed || client == null) {
                return; // our own close, or a client we already replaced
            }
            h = handler;
            if (status == IotHubConnectionStatus.DISCONNECTED) {
                // the SDK gave up retrying: start over with a fresh client
                lostForGood = true;
                connected = false;
                generation++;
            } else {
                connected = status == IotHubConnectionStatus.CONNECTED;
            }
            if (!connected) {
                reports.offline();
            }
        }
        LOG.debug("{} transport status {} ({})", deviceId, status, reason);
        if (h != null) {
            h.onConnectionChanged(status == IotHubConnectionStatus.CONNECTED);
        }
        if (lostForGood) {
            DeviceClient old;
            synchronized (lock) {
                old = client;
                client = null;
            }
            CompletableFuture<DeviceTwinSnapshot> again = new CompletableFuture<>();
            again.thenRun(() -> {
                if (h != null) {
                    h.onConnectionChanged(true);
                }
            });
            int next;
            synchronized (lock) {
                next = generation;
            }
            runBlocking(() -> {
                closeQuietly(old);
                attemptConnect(next, again, 1);
            }, again);
        } else if (status == IotHubConnectionStatus.CONNECTED) {
            DeviceClient c;
            synchronized (lock) {
                c = client;
            }
            if (c != null) {
                reports.online(sender(c));
            }
        }
    }

    private DirectMethodResponse onMethod(int gen, String name, String payloadJson) {
        Handler h;
        synchronized (lock) {
            h = gen == generation ? handler : null;
        }
        MethodResponse r = h == null ? MethodResponse.unknownMethod(name) : h.onMethod(name, payloadJson);
        return new DirectMethodResponse(r.status(), r.body());
    }

    private void onDesired(int gen, Twin twin) {
        Handler h;
        synchronized (lock) {
            h = gen == generation ? handler : null;
        }
        if (h != null && twin != null && twin.getDesiredProperties() != null) {
            h.onDesiredPropertiesChanged(plain(twin.getDesiredProperties()));
        }
    }

    private static Map<String, Object> plain(TwinCollection collection) {
        return collection == null ? Map.of() : new LinkedHashMap<>(collection);
    }

    // ---------------------------------------------------------------- reports

    @Override
    public CompletableFuture<Void> report(Map<String, Object> patch) {
        return reports.enqueue(patch);
    }

    /** Sends through the SDK's asynchronous API; the queue adds the timeout the SDK race needs. */
    private ReportQueue.Sender sender(DeviceClient c) {
        return (patch, done) -> c.updateReportedPropertiesAsync(toTwinCollection(patch),
                (status, response, exception, ctx) -> done.completed(status == IotHubStatusCode.OK,
                        String.valueOf(status)), null);
    }

    /**
     * Copies a patch into the SDK's collection type level by level. The SDK serialises null values, which is how a
     * patch deletes a key (it clears stale fields of a section).
     */
    @SuppressWarnings("unchecked")
    static TwinCollection toTwinCollection(Map<String, Object> map) {
        TwinCollection c = new TwinCollection();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            c.put(e.getKey(), v instanceof Map<?, ?> m ? toTwinCollection((Map<String, Object>) m) : v);
        }
        return c;
    }

    // ---------------------------------------------------------------- telemetry and shutdown

    @Override
    public void sendTelemetry(String json) {
        DeviceClient c;
        synchronized (lock) {
            c = connected ? client : null;
        }
        if (c == null) {
            return;
        }
        Message message = new Message(json.getBytes(StandardCharsets.UTF_8));
        message.setContentType("application/json");
        message.setContentEncoding(StandardCharsets.UTF_8.name());
        try {
            c.sendEventAsync(message, (m, e, ctx) -> {
                if (e != null) {
                    LOG.debug("{} telemetry not delivered: {}", deviceId, e.getStatusCode());
                }
            }, null);
        } catch (RuntimeException e) {
            LOG.debug("{} telemetry not sent: {}", deviceId, describe(e));
        }
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        DeviceClient c;
        synchronized (lock) {
            generation++;
            connected = false;
            c = client;
            client = null;
        }
        reports.offline();
        return closeAsync(c);
    }

    @Override
    public CompletableFuture<Void> close() {
        DeviceClient c;
        synchronized (lock) {
            closed = true;
            generation++;
            connected = false;
            c = client;
            client = null;
        }
        reports.abandon();
        return closeAsync(c);
    }

    private CompletableFuture<Void> closeAsync(DeviceClient c) {
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        Runnable task = () -> {
            closeQuietly(c);
            f.complete(null);
        };
        try {
            closing.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
        return f;
    }

    private void closeQuietly(DeviceClient c) {
        if (c == null) {
            return;
        }
        try {
            long started = System.nanoTime();
            c.close();
            LOG.debug("{} closed a client in {} ms", deviceId, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.debug("{} close failed: {}", deviceId, describe(e));
        }
    }
}
