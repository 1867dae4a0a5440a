package dev.twinops.hub;

import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.auth.SharedAccessPolicies;
import dev.twinops.hub.http.MethodRoutes;
import dev.twinops.hub.http.ModuleRoutes;
import dev.twinops.hub.http.QueryRoutes;
import dev.twinops.hub.http.RegistryRoutes;
import dev.twinops.hub.http.RouteTable;
import dev.twinops.hub.http.ServiceEndpoint;
import dev.twinops.hub.http.TwinRoutes;
import dev.twinops.hub.jobs.JobRoutes;
import dev.twinops.hub.jobs.JobScheduler;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.mqtt.DeviceEndpoint;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.query.QuerySource;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.HubState;
import dev.twinops.hub.throttle.RequestThrottle;
import dev.twinops.hub.throttle.ThrottledRoutes;
import dev.twinops.hub.tls.HubCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local IoT Hub in this process: the MQTT device endpoint on {@code <bind>:8883} and the HTTPS service endpoint
 * on {@code <bind>:<httpsPort>}, sharing one Netty boss and worker group, over durable state in the data directory.
 * The official SDK clients talk to it unmodified.
 *
 * <pre>{@code
 * try (LocalHub hub = LocalHub.start(HubConfig.builder().dataDirectory(dir).build())) {
 *     HubConnectionInfo info = hub.connectionInfo();
 *     ...
 * }
 * }</pre>
 */
public final class LocalHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHub.class);

    private final HubConfig config;
    private final HubState state;
    private final HubConnectionInfo connectionInfo;
    /** Everything started, closed in reverse order by {@link #stop()}. */
    private final Deque<AutoCloseable> resources;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private LocalHub(HubConfig config, HubState state, HubConnectionInfo connectionInfo, Deque<AutoCloseable> resources) {
        this.config = config;
        this.state = state;
        this.connectionInfo = connectionInfo;
        this.resources = resources;
    }

    /**
     * Starts a hub and returns once both endpoints listen.
     *
     * @throws HubStartException naming the cause: the data directory is unusable (or held by another hub), a port
     *                           is taken, the bind address is not local, the TLS material cannot be created
     */
    public static LocalHub start(HubConfig config) {
        long started = System.nanoTime();
        Path dataDir = config.dataDirectory().toAbsolutePath();
        InetAddress bindAddress = resolve(config.bindAddress());
        prepareDataDirectory(dataDir);

        HubCertificates certificates;
        SharedAccessPolicies policies;
        try {
            certificates = HubCertificates.loadOrCreate(dataDir, config.bindAddress());
            policies = SharedAccessPolicies.loadOrCreate(dataDir);
        } catch (IOException e) {
            throw new HubStartException("Data directory " + dataDir + " is not usable: " + e.getMessage(), e);
        }

        Deque<AutoCloseable> resources = new ArrayDeque<>();
        HubState state;
        try {
            state = HubState.open(dataDir);
        } catch (RuntimeException e) {
            throw new HubStartException("Data directory " + dataDir + " is not usable: " + e.getMessage(), e);
        }
        resources.push(state);
        try {
            Transport transport = Transport.configured();
            EventLoopGroup boss = transport.newGroup(1, new DefaultThreadFactory("hub-accept", true));
            resources.push(() -> boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
            EventLoopGroup workers = transport.newGroup(0, new DefaultThreadFactory("hub-io", true));
            resources.push(() -> workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS));
            ExecutorService queryExecutor = queryExecutor();
            resources.push(queryExecutor::shutdownNow);

            DirectMethodRouter router = new DirectMethodRouter(state, workers);
            resources.push(router);

            // jobs close before the router, so calls under way stay "running" in jobs.db and resume at restart
            RequestThrottle throttle = new RequestThrottle(config.throttling());
            JobScheduler jobs = JobScheduler.start(dataDir, state, router, throttle);
            resources.push(jobs);
            QueryRoutes queryRoutes = new QueryRoutes(state, queryExecutor, Clock.systemUTC());
            queryRoutes.registerCollection(QuerySource.DEVICES_JOBS, jobs::deviceJobRows);

            RouteTable routes = ThrottledRoutes.apply(throttle, new RouteTable()
                    .add(new TwinRoutes(state))
                    .add(new RegistryRoutes(state))
                    .add(new ModuleRoutes(state))
                    .add(queryRoutes)
                    .add(new MethodRoutes(router))
                    .add(new JobRoutes(jobs)));

            ServiceAuthenticator authenticator = new ServiceAuthenticator(policies,
                    hubNames(config.bindAddress(), bindAddress), Clock.systemUTC());
            DeviceEndpoint deviceEndpoint = new DeviceEndpoint(state, router, certificates.serverSslContext(),
                    boss, workers);
            // devices may also speak MQTT over WebSocket on the HTTPS port, as on IoT Hub's 443
            ServiceEndpoint serviceEndpoint = new ServiceEndpoint(routes, authenticator,
                    certificates.serverSslContext(), boss, workers, Clock.systemUTC(), deviceEndpoint.webSocketProtocol());

            serviceEndpoint.start(new InetSocketAddress(bindAddress, config.httpsPort()));
            resources.push(serviceEndpoint);
            deviceEndpoint.start(bindAddress);
            resources.push(deviceEndpoint);
            // jobs stop first of all (close is idempotent): devices the stopping hub disconnects must not fail them
            resources.push(jobs);

            int httpsPort = serviceEndpoint.localAddress().getPort();
            HubConnectionInfo info = new HubConnectionInfo(config.bindAddress(), httpsPort,
                    deviceEndpoint.localAddress().getPort(), certificates.caCertificatePath(), policies,
                    config.throttling());
            LOG.info("Local hub ready in {} ms: service https://{}, devices mqtts://{}, data {} ({} transport, TLS by {})",
                    (System.nanoTime() - started) / 1_000_000, info.serviceEndpoint(), info.deviceEndpoint(), dataDir,
                    transport, certificates.tlsProvider());
            return new LocalHub(config, state, info, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw new HubStartException(e.getMessage(), e);
        }
    }

    public HubConnectionInfo connectionInfo() {
        return connectionInfo;
    }

    public HubConfig config() {
        return config;
    }

    /**
     * The hub's state, for tests and benchmarks in the same JVM that stand in for many devices by writing their
     * reported properties directly ({@link HubState#patchReported}) rather than over MQTT.
     */
    public HubState state() {
        return state;
    }

    /**
     * {@code HostName=<host>;DeviceId=<id>;SharedAccessKey=<primary key>} for a registered device.
     *
     * @throws IllegalArgumentException if no such device is registered
     */
    public String deviceConnectionString(String deviceId) {
        DeviceIdentity device = state.registry().device(deviceId).orElseThrow(() -> new IllegalArgumentException(
                "No device '" + deviceId + "' is registered in this hub"));
        return "HostName=" + connectionInfo.hostName() + ";DeviceId=" + device.deviceId()
                + ";SharedAccessKey=" + device.primaryKey();
    }

    /** Closes both endpoints (devices see a disconnect, pending calls fail), then stores and closes the state. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        closeAll(resources);
        LOG.info("Local hub {} stopped", connectionInfo.serviceEndpoint());
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Failure while stopping the hub: {}", e.getMessage(), e);
            }
        }
    }

    private static InetAddress resolve(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new HubStartException("Bind address '" + bindAddress + "' cannot be resolved", e);
        }
    }

    private static void prepareDataDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new HubStartException("Data directory " + dataDir + " is not usable: cannot create it ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (!Files.isDirectory(dataDir) || !Files.isWritable(dataDir)) {
            throw new HubStartException("Data directory " + dataDir + " is not usable: not a writable directory");
        }
    }

    /** The host names a service token's resource may name; a wildcard bind accepts any. */
    private static List<String> hubNames(String configured, InetAddress resolved) {
        if (resolved.isAnyLocalAddress()) {
            return List.of();
        }
        return List.of(configured, resolved.getHostAddress());
    }

    private static ExecutorService queryExecutor() {
        // queries are CPU-bound; two threads keep a large query from starving the event loops on small machines
        return new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("hub-query", true));
    }
}
