package dev.twinops.simulator.fleet;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.simulator.device.ConnectionState;
import dev.twinops.simulator.device.DeviceObserver;
import dev.twinops.simulator.device.DeviceSettings;
import dev.twinops.simulator.device.ExecutorScheduler;
import dev.twinops.simulator.device.Scheduler;
import dev.twinops.simulator.device.SdkHubLink;
import dev.twinops.simulator.device.SimulatedDevice;
import dev.twinops.simulator.faults.FaultInjector;
import dev.twinops.simulator.firmware.ThrottledFirmwareFetcher;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated devices in this process: registers them if needed, opens them with bounded parallelism,
 * publishes summaries, and stops them all on {@link #close()}.
 *
 * <pre>{@code
 * try (SimulatedFleet fleet = SimulatedFleet.start(FleetConfig.builder(HubTarget.fromHubDataDirectory(dir))
 *         .count(100).build())) {
 *     fleet.addListener(summary -> show(summary), Platform::runLater);
 *     fleet.allOnline().get(2, TimeUnit.MINUTES);
 * }
 * }</pre>
 *
 * <p>Threads: two shared timer threads drive every device's state machine, {@code parallelism} I/O threads make
 * the blocking SDK calls (connect, registration) and as many close clients, two threads serve firmware downloads
 * (HTTP and file); the device SDK adds its own threads per connected device (see {@link SdkHubLink#clientOptions}).
 */
public final class SimulatedFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedFleet.class);
    private static final Duration SUMMARY_COALESCING = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final int CLOSE_PARALLELISM = 64;

    private final FleetConfig config;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor io;
    /** Closes of device clients (mostly waiting for the SDK's threads), apart from the connects on {@link #io}. */
    private final ThreadPoolExecutor closers;
    private final ExecutorService httpExecutor;
    private final Scheduler scheduler;
    private final ThrottledFirmwareFetcher fetcher;
    private final ClientOptions clientOptions;
    private final DeviceRegistrar registrar;
    private final List<String> deviceIds;
    private final Map<String, SimulatedDevice> devices = new ConcurrentHashMap<>();
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    private final List<Subscription> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean summaryScheduled = new AtomicBoolean();
    private final AtomicInteger failed = new AtomicInteger();
    private final CompletableFuture<FleetSummary> allOnline = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String problem;

    private record DeviceStatus(ConnectionState state, boolean busy) {
    }

    private record Subscription(FleetListener listener, Executor executor) {
    }

    private SimulatedFleet(FleetConfig config) throws IOException, GeneralSecurityException {
        this.config = config;
        HubTarget hub = config.hub();
        SSLContext deviceTrust = null;
        SSLContext downloadTrust = null;
        if (hub.caCertificate() != null) {
            // devices: the hub's CA alone, in each device client's own context (the device SDK takes one)
            deviceTrust = IotHubSSLContext.getSSLContextFromFile(hub.caCertificate().toString());
            // downloads and registration: the hub's CA for the hub's service address only, the JDK's roots elsewhere
            PerHubTrust downloads = PerHubTrust.standalone();
            downloads.trust(hub.serviceEndpoint(), hub.caCertificate());
            downloadTrust = downloads.sslContext();
            if (config.installJvmTrust()) {
                PerHubTrust.jvm().trust(hub.serviceEndpoint(), hub.caCertificate());
            }
        }
        this.clientOptions = SdkHubLink.clientOptions(deviceTrust);
        this.registrar = new DeviceRegistrar(hub);
        this.timers = new ScheduledThreadPoolExecutor(2, daemonThreads("sim-timer"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.io = new ThreadPoolExecutor(config.parallelism(), config.parallelism(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sim-io"));
        this.io.allowCoreThreadTimeOut(true);
        this.closers = new ThreadPoolExecutor(config.parallelism(), config.parallelism(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sim-close"));
        this.closers.allowCoreThreadTimeOut(true);
        this.httpExecutor = Executors.newFixedThreadPool(2, daemonThreads("sim-download"));
        this.scheduler = new ExecutorScheduler(timers, Clock.systemUTC());
        HttpClient http = ThrottledFirmwareFetcher.newHttpClient(downloadTrust, httpExecutor);
        // file downloads read on the download threads, not behind the blocking connects on the I/O threads
        this.fetcher = new ThrottledFirmwareFetcher(http, scheduler, httpExecutor, config.bandwidthBytesPerSecond(),
                config.downloadPolicy());
        List<String> ids = new ArrayList<>(config.count());
        for (int i = 1; i <= config.count(); i++) {
            ids.add(config.deviceId(i));
        }
        this.deviceIds = List.copyOf(ids);
    }

    /**
     * Starts a fleet and returns at once; devices register and connect in the background. Follow progress with
     * {@link #addListener}, {@link #summary()} or {@link #allOnline()}.
     *
     * @throws IllegalArgumentException if the hub target is unusable (e.g. a malformed connection string)
     * @throws IOException              if the hub's CA certificate cannot be read
     */
    public static SimulatedFleet start(FleetConfig config) throws IOException {
        SimulatedFleet fleet;
        try {
            fleet = new SimulatedFleet(config);
        } catch (GeneralSecurityException e) {
            throw new IOException("the hub CA certificate " + config.hub().caCertificate() + " is unusable: "
                    + e.getMessage(), e);
        }
        fleet.launch();
        return fleet;
    }

    private void launch() {
        LOG.info("starting {} simulated devices {}..{}{} against {} (faults: {}, seed {})", config.count(),
                deviceIds.get(0), deviceIds.get(deviceIds.size() - 1), config.shape() == null ? "" : " from a fleet shape",
                config.hub(), config.faults(), config.seed());
        LOG.info("devices read firmware from {}", config.downloadPolicy());
        new FleetRegistration(config, deviceIds, registrar, io, scheduler,
                () -> closed.get() || allOnline.isCompletedExceptionally(), new FleetRegistration.Outcome() {
                    @Override
                    public void registered(int index, DeviceRegistrar.Registration registration) {
                        start(index, registration);
                    }

                    @Override
                    public void failed(String deviceId, String reason, boolean fatal) {
                        giveUp(deviceId, reason, fatal);
                    }
                }).start();
    }

    private void start(int index, DeviceRegistrar.Registration registration) {
        String id = config.deviceId(index);
        if (registration.created()) {
            LOG.debug("registered {}", id);
        }
        DeviceSettings settings = new DeviceSettings(config.firmwareVersion(index), config.deviceInfo(index),
                config.bootTime(), config.applyTime(),
                config.watchdogTimeout(), config.slowResponseDelay(), config.offlineDuration(),
                config.progressInterval(), Duration.ofMillis(300));
        SdkHubLink link = new SdkHubLink(id, config.hub().deviceConnectionString(id, registration.primaryKey()),
                clientOptions, scheduler, io, closers, config.twinTimeout());
        SimulatedDevice device = new SimulatedDevice(id, settings, link, scheduler, fetcher,
                new FaultInjector(config.faults(), config.seed(), id), new Observer());
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            devices.put(id, device);
            device.start();
        }
    }

    /**
     * A device that cannot be registered is counted as failed. The fleet as a whole gives up when registration is
     * refused (a wrong policy fails for every device) or when no device could be registered at all.
     */
    private void giveUp(String id, String reason, boolean fatal) {
        int failedNow = failed.incrementAndGet();
        boolean first = problem == null;
        problem = reason;
        if (first) {
            LOG.error("{}", reason);
        } else {
            LOG.debug("{}", reason);
        }
        if (fatal || failedNow == deviceIds.size()) {
            allOnline.completeExceptionally(new IllegalStateException(reason));
        }
        summaryChanged();
    }

    /** Observes every device; keeps the counts and forwards to the configured observer. */
    private final class Observer implements DeviceObserver {
        @Override
        public void onStateChanged(String deviceId, ConnectionState state, boolean busy) {
            statuses.put(deviceId, new DeviceStatus(state, busy));
            safely(() -> config.deviceObserver().onStateChanged(deviceId, state, busy));
            if (state == ConnectionState.ONLINE && !allOnline.isDone()) {
                FleetSummary s = summary();
                if (s.allOnline()) {
                    allOnline.complete(s);
                }
            }
            summaryChanged();
        }

        @Override
        public void onReported(String deviceId, Map<String, Object> patch) {
            safely(() -> config.deviceObserver().onReported(deviceId, patch));
        }

        private void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("device observer failed", e);
            }
        }
    }

    /** Coalesces changes: at most one summary per 200 ms window goes to the listeners. */
    private void summaryChanged() {
        if (listeners.isEmpty() || !summaryScheduled.compareAndSet(false, true)) {
            return;
        }
        scheduler.schedule(SUMMARY_COALESCING, () -> {
            summaryScheduled.set(false);
            publish(summary());
        });
    }

    private void publish(FleetSummary summary) {
        for (Subscription s : listeners) {
            try {
                s.executor().execute(() -> s.listener().onSummary(summary));
            } catch (RejectedExecutionException e) {
                LOG.debug("a fleet listener's executor refused a summary");
            }
        }
    }

    /** Sends summaries to {@code listener} on {@code executor} when counts change; the current one right away. */
    public void addListener(FleetListener listener, Executor executor) {
        Subscription s = new Subscription(listener, executor);
        listeners.add(s);
        FleetSummary now = summary();
        executor.execute(() -> listener.onSummary(now));
    }

    public void removeListener(FleetListener listener) {
        listeners.removeIf(s -> s.listener() == listener);
    }

    public FleetSummary summary() {
        int connecting = 0;
        int online = 0;
        int offline = 0;
        int busy = 0;
        for (DeviceStatus s : statuses.values()) {
            switch (s.state()) {
                case CONNECTING -> connecting++;
                case ONLINE -> online++;
                case OFFLINE, STOPPED -> offline++;
            }
            if (s.busy()) {
                busy++;
            }
        }
        int failedCount = failed.get();
        int pending = Math.max(0, deviceIds.size() - statuses.size() - failedCount);
        return new FleetSummary(deviceIds.size(), pending, connecting, online, offline, busy, failedCount, problem);
    }

    /**
     * Completes the first time every device is online (connected, initial state reported); fails if registration
     * is refused.
     */
    public CompletableFuture<FleetSummary> allOnline() {
        return allOnline.copy();
    }

    public List<String> deviceIds() {
        return deviceIds;
    }

    public FleetConfig config() {
        return config;
    }

    /** A started device, for inspection (its firmware version, busy flag, connection). */
    public Optional<SimulatedDevice> device(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    /**
     * {@link #close()} on a thread of its own, for callers that must not block (a UI thread); completes when the
     * fleet has stopped.
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                close();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "sim-close");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /**
     * Stops every device (closing its connection) and the fleet's threads; blocks until the devices closed, at most
     * 60 s (a thousand devices take a few seconds to tens of seconds). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // closing a device client blocks for a moment: close many at once so a large fleet stops promptly
        int parallel = Math.max(config.parallelism(), Math.min(devices.size(), CLOSE_PARALLELISM));
        closers.setMaximumPoolSize(parallel);
        closers.setCorePoolSize(parallel);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        synchronized (this) {
            for (SimulatedDevice d : devices.values()) {
                stops.add(d.stop());
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            LOG.warn("some devices did not close within {} s", CLOSE_TIMEOUT.toSeconds());
        } catch (Exception e) {
            LOG.warn("closing devices failed: {}", e.toString());
        }
        allOnline.completeExceptionally(new IllegalStateException("fleet closed"));
        timers.shutdownNow();
        // not shutdownNow: device clients still closing must finish, or they would reconnect on their own
        io.shutdown();
        closers.shutdown();
        httpExecutor.shutdownNow();
        LOG.info("stopped {} simulated devices", devices.size());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
