package dev.twinops.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.testing.TestHubs;
import dev.twinops.hub.tls.ServerTlsProvider;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.SocketFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct-method round trip through the hub next to the bare-MQTT floor, in one run.
 *
 * <ol>
 *   <li><b>hub, service SDK</b>: {@code DirectMethodsClient.invoke} (HTTPS) -> hub -> device (Paho, MQTT/TLS)
 *       -> response -> HTTP response. What an operator's call costs.</li>
 *   <li><b>hub, plain HTTP/1.1</b>: the same {@code POST /twins/{id}/methods} from {@code HttpsURLConnection} on one
 *       keep-alive TLS connection (TCP_NODELAY): the hub's HTTPS leg without the service SDK's client, so the
 *       difference to the first path is the SDK's own time.</li>
 *   <li><b>NIO/JDK-TLS hub</b>: the first two paths again through a second hub always on Java NIO and the JDK's
 *       TLS (the hub's fallback where netty's epoll transport and BoringSSL do not load), so the first hub (native
 *       by default; {@code -Dtwinops.hub.transport}/{@code -Dtwinops.hub.tls} on the command line choose) is
 *       measured against it in the same run; the hubs' event-loop CPU per call is printed for each path too.</li>
 *   <li><b>hub, in-process</b>: {@code DirectMethodRouter.invoke} -> device -> response, without HTTPS (a second
 *       hub with only the device endpoint), to split the hub's MQTT path from the HTTP leg.</li>
 *   <li><b>Mosquitto</b>: the same Paho responder code; a Paho requester publishes a request and waits for the
 *       response through a local Mosquitto broker over TLS with the same certificate and TCP_NODELAY (as the
 *       hub): the floor.</li>
 * </ol>
 * All requests and responses are QoS 1 with the same small JSON payload, one call in flight at a time; the paths
 * are measured in interleaved blocks so machine load drifts hit them alike. Every Paho client and the broker use
 * TCP_NODELAY, as the hub does.
 *
 * <p>Warm-up is the same for every path and lasts until the JIT is done with them: at least {@code warmupCalls}
 * per path, then rounds of {@value #WARMUP_ROUND} calls per path until two rounds in a row spend under 2 % of their
 * time compiling (at most {@value #MAX_WARMUP_FACTOR} times {@code warmupCalls}). A method called once per call reaches
 * C2 only after about 10,000 calls, so 1,000 warm-up calls measured partly interpreted and C1 code, and the JIT
 * competing for the two cores; the compilation time left in the measured blocks is printed.
 *
 * <p>Run (Mosquitto must be installed: {@code apt-get install -y mosquitto}) from the repository root:
 * <pre>
 * sh hub-emulator/bench/direct-method-round-trip.sh [callsPerBlock=200] [blocks=10] [warmupCalls=5000]
 * </pre>
 * which builds through the reactor and runs this class on the reactor's own classes.
 *
 * <p>One class, longer than the usual limit: the six paths' set-up, the interleaved timing and the report sit side
 * by side so a reader sees in one place that every path is called, warmed and timed alike.
 */
public final class DirectMethodRoundTripBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = "{\"delaySeconds\":5,\"reason\":\"benchmark\"}";
    /** Warm-up calls per path in each round after the minimum. */
    private static final int WARMUP_ROUND = 1000;
    /** Warm-up ends by this many times the minimum even if the JIT is still busy (a loaded machine). */
    private static final int MAX_WARMUP_FACTOR = 4;
    /**
     * The console's method read timeout ({@code HubConnector.METHOD_READ_TIMEOUT_SECONDS}): the SDK then reads the
     * answer with a socket timeout (poll, then read), as the console's calls do.
     */
    private static final int CONSOLE_METHOD_READ_TIMEOUT_SECONDS = 610;
    /** The api-version the service SDK sends with direct methods. */
    private static final String SERVICE_API_VERSION = "2021-04-12";

    private DirectMethodRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perBlock = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5000;

        Path root = Files.createTempDirectory("method-bench");
        String hubAddress = LoopbackAddresses.random();
        String baselineAddress = LoopbackAddresses.random();
        try (LocalHub hub = TestHubs.start(root.resolve("hub"), hubAddress);
             LocalHub baselineHub = startWithJavaTransportAndTls(root.resolve("baseline-hub"), baselineAddress);
             MqttTestHub bareHub = MqttTestHub.start(root.resolve("bare-hub"))) {
            Path ca = hub.connectionInfo().caCertificatePath();

            // 1. and 2. through the whole hub, with the service SDK and with a plain HTTP/1.1 client
            HubPaths viaHub = HubPaths.connect(hub, hubAddress);
            Call viaService = viaHub.service;
            Call viaPlainHttp = viaHub.plainHttp;
            // the same two through a hub on Java NIO and the JDK's TLS (the hub's fallback where the native
            // transport and BoringSSL do not load): what those two are worth, in the same run
            HubPaths viaBaseline = HubPaths.connect(baselineHub, baselineAddress);

            // 3. the hub's device path alone
            bareHub.createDevice("bench-device");
            MqttClient bareDevice = connect("ssl://" + bareHub.host + ":8883", "bench-device",
                    bareHub.host + "/bench-device/?api-version=2020-09-30",
                    SasToken.create(bareHub.host + "/devices/bench-device",
                            bareHub.state.registry().device("bench-device").orElseThrow().primaryKey(), null,
                            Instant.now().plusSeconds(86400)), bareHub.caPem);
            answerRequests(bareDevice, "$iothub/methods/POST/#", topic -> "$iothub/methods/res/200/?$rid=" + rid(topic));
            JsonNode payload = JSON.readTree(PAYLOAD);
            Call viaRouter = () -> {
                var result = bareHub.router.invoke("bench-device", "reboot", payload, 30, 0).get(30, TimeUnit.SECONDS);
                if (result.status() != 200) {
                    throw new IllegalStateException("status " + result.status());
                }
            };

            // 4. the floor: the same exchange through Mosquitto, TLS with the hub's server certificate
            // the hub's address (its certificate names it), another port
            String brokerAddress = hubAddress;
            try (Mosquitto broker = Mosquitto.start(root.resolve("mosquitto"), brokerAddress,
                    hub.connectionInfo().caCertificatePath().getParent())) {
                String url = "ssl://" + brokerAddress + ":" + broker.port;
                MqttClient responder = connect(url, "bench-responder", null, null, ca);
                answerRequests(responder, "bench/req/#", topic -> "bench/res/" + topic.substring("bench/req/".length()));
                MqttClient requester = connect(url, "bench-requester", null, null, ca);
                Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
                requester.subscribe("bench/res/#", 1, (topic, message) -> {
                    CompletableFuture<byte[]> f = pending.remove(topic.substring("bench/res/".length()));
                    if (f != null) {
                        f.complete(message.getPayload());
                    }
                });
                AtomicLong ids = new AtomicLong();
                Call viaMosquitto = () -> {
                    String id = Long.toHexString(ids.incrementAndGet());
                    CompletableFuture<byte[]> response = new CompletableFuture<>();
                    pending.put(id, response);
                    MqttMessage request = new MqttMessage(PAYLOAD.getBytes(StandardCharsets.UTF_8));
                    request.setQos(1);
                    requester.publish("bench/req/" + id, request);
                    response.get(30, TimeUnit.SECONDS);
                };

                System.out.printf("Direct-method round trip, %d blocks x %d calls per path, at least %d warm-up calls"
                                + " each, one call in flight; %d CPUs, load average %.1f before the run%n",
                        blocks, perBlock, warmup, Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.printf("hub and in-process hub: %s transport, TLS by %s; NIO/JDK-TLS hub: NIO, TLS by JDK%n",
                        Transport.configured(), ServerTlsProvider.configured());
                Call[] all = {viaService, viaPlainHttp, viaBaseline.service, viaBaseline.plainHttp, viaRouter,
                    viaMosquitto};
                warmUp(all, warmup, perBlock);
                long jitBefore = jitMillis();
                long[] hubCpu = new long[6]; // nanoseconds of the hubs' event-loop threads during each path's blocks
                long[] callerCpu = new long[6]; // nanoseconds of the calling thread during each path's blocks
                long[] service = new long[perBlock * blocks];
                long[] plainHttp = new long[perBlock * blocks];
                long[] baselineService = new long[perBlock * blocks];
                long[] baselinePlainHttp = new long[perBlock * blocks];
                long[] router = new long[perBlock * blocks];
                long[] mosquitto = new long[perBlock * blocks];
                long[][] samples = {service, plainHttp, baselineService, baselinePlainHttp, router, mosquitto};
                for (int b = 0; b < blocks; b++) {
                    for (int path = 0; path < all.length; path++) {
                        long[] cpu = measure(all[path], samples[path], b * perBlock, perBlock);
                        hubCpu[path] += cpu[0];
                        callerCpu[path] += cpu[1];
                    }
                }
                long jitDuringBlocks = jitMillis() - jitBefore;
                Stats floor = Stats.of(mosquitto);
                Stats hubService = Stats.of(service);
                Stats hubRouter = Stats.of(router);
                Stats hubPlain = Stats.of(plainHttp);
                Stats baseService = Stats.of(baselineService);
                Stats basePlain = Stats.of(baselinePlainHttp);
                System.out.println(hubService.line("hub: DirectMethodsClient -> HTTPS -> hub -> MQTT device"));
                System.out.println(hubPlain.line("hub: plain HTTP/1.1 client -> HTTPS -> hub -> MQTT device"));
                System.out.println(baseService.line("NIO/JDK-TLS hub: DirectMethodsClient -> ... -> device"));
                System.out.println(basePlain.line("NIO/JDK-TLS hub: plain HTTP/1.1 client -> ... -> device"));
                System.out.println(hubRouter.line("hub: in-process router -> MQTT device (no HTTPS)"));
                System.out.println(floor.line("floor: Paho -> Mosquitto -> Paho (MQTT/TLS)"));
                System.out.printf("ratio NIO/JDK-TLS hub/floor: p50 %.2fx (service SDK), %.2fx (plain HTTP/1.1)%n",
                        baseService.p50 / floor.p50, basePlain.p50 / floor.p50);
                int calls = perBlock * blocks;
                System.out.printf("hub event-loop CPU per call (us): service SDK %.0f, plain HTTP/1.1 %.0f; NIO/JDK-TLS hub:"
                                + " service SDK %.0f, plain HTTP/1.1 %.0f; in-process %.0f%n",
                        hubCpu[0] / 1e3 / calls, hubCpu[1] / 1e3 / calls, hubCpu[2] / 1e3 / calls,
                        hubCpu[3] / 1e3 / calls, hubCpu[4] / 1e3 / calls);
                System.out.printf("calling thread's CPU per call (us): service SDK %.0f, plain HTTP/1.1 %.0f (the SDK's"
                                + " own work is the difference); JIT compilation during the measured blocks %d ms%n",
                        callerCpu[0] / 1e3 / calls, callerCpu[1] / 1e3 / calls, jitDuringBlocks);
                System.out.printf("ratio hub/floor: p50 %.2fx, p99 %.2fx (service SDK); p50 %.2fx, p99 %.2fx (plain HTTP/1.1);"
                                + " p50 %.2fx, p99 %.2fx (in-process)%n",
                        hubService.p50 / floor.p50, hubService.p99 / floor.p99,
                        hubPlain.p50 / floor.p50, hubPlain.p99 / floor.p99,
                        hubRouter.p50 / floor.p50, hubRouter.p99 / floor.p99);
                System.out.printf("p50 split of the service SDK path: SDK client %.3f ms, hub HTTPS leg %.3f ms,"
                                + " hub MQTT leg and device %.3f ms%n",
                        hubService.p50 - hubPlain.p50, hubPlain.p50 - hubRouter.p50, hubRouter.p50);
                System.out.printf("load average after the run %.1f%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                requester.disconnect();
                responder.disconnect();
            }
            viaHub.device.disconnect();
            viaBaseline.device.disconnect();
            bareDevice.disconnect();
        } finally {
            deleteTree(root);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** A second hub on Java NIO and the JDK's TLS, whatever the command line chose for the first. */
    private static LocalHub startWithJavaTransportAndTls(Path dataDir, String address) {
        String transport = System.setProperty(Transport.PROPERTY, "nio");
        String tls = System.setProperty(ServerTlsProvider.PROPERTY, "jdk");
        try {
            return TestHubs.start(dataDir, address);
        } finally {
            // back to what the command line asked for (e.g. -Dtwinops.hub.tls=jdk, to compare the transports alone)
            restore(Transport.PROPERTY, transport);
            restore(ServerTlsProvider.PROPERTY, tls);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    /** A hub's device (Paho, answering every method) and the two ways of calling it over HTTPS. */
    private record HubPaths(MqttClient device, Call service, Call plainHttp) {
        static HubPaths connect(LocalHub hub, String address) throws Exception {
            Path ca = hub.connectionInfo().caCertificatePath();
            RegistryClient registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(),
                    TestHubs.credential(hub, "iothubowner"));
            Device registered = registry.addDevice(new Device("bench-device"));
            MqttClient device = DirectMethodRoundTripBenchmark.connect("ssl://" + address + ":8883", "bench-device",
                    address + "/bench-device/?api-version=2020-09-30",
                    SasToken.create(address + "/devices/bench-device", registered.getPrimaryKey(), null,
                            Instant.now().plusSeconds(86400)), ca);
            answerRequests(device, "$iothub/methods/POST/#", topic -> "$iothub/methods/res/200/?$rid=" + rid(topic));

            // the service SDK, set up as the console sets it up: a SAS credential it keeps (renewed before expiry),
            // the console's read timeout, and the payload as a LinkedHashMap, which is what the console's
            // OperationRequest.payloadForSdk() hands the SDK (Jackson's convertValue to Object)
            DirectMethodsClient methods = new DirectMethodsClient(hub.connectionInfo().serviceEndpoint(),
                    TestHubs.credential(hub, "iothubowner"),
                    DirectMethodsClientOptions.builder()
                            .httpReadTimeoutSeconds(CONSOLE_METHOD_READ_TIMEOUT_SECONDS).build());
            DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
                    .payload(JSON.convertValue(JSON.readTree(PAYLOAD), Object.class))
                    .methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(0).build();
            Call service = () -> {
                var response = methods.invoke("bench-device", "reboot", options);
                if (response.getStatus() != 200) {
                    throw new IllegalStateException("status " + response.getStatus());
                }
            };

            // the same request from a plain HTTP/1.1 client on one keep-alive connection
            URL methodUrl = new URL("https://" + hub.connectionInfo().serviceEndpoint()
                    + "/twins/bench-device/methods?api-version=" + SERVICE_API_VERSION);
            String authorization = TestHubs.credential(hub, "iothubowner").getSignature();
            SSLSocketFactory plainTls = new NoDelaySocketFactory(
                    IotHubSSLContext.getSSLContextFromFile(ca.toString()).getSocketFactory());
            byte[] requestBody = ("{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":30,"
                    + "\"connectTimeoutInSeconds\":0,\"payload\":" + PAYLOAD + "}").getBytes(StandardCharsets.UTF_8);
            Call plainHttp = () -> {
                HttpsURLConnection http = (HttpsURLConnection) methodUrl.openConnection();
                http.setSSLSocketFactory(plainTls); // the same factory every call: the connection is reused
                http.setRequestMethod("POST");
                http.setDoOutput(true);
                http.setRequestProperty("Authorization", authorization);
                http.setRequestProperty("Content-Type", "application/json; charset=utf-8");
                try (var out = http.getOutputStream()) {
                    out.write(requestBody);
                }
                int status = http.getResponseCode();
                try (var in = http.getInputStream()) {
                    byte[] answer = in.readAllBytes(); // read to the end, so the connection goes back to the pool
                    if (status != 200 || JSON.readTree(answer).path("status").asInt() != 200) {
                        throw new IllegalStateException("HTTP " + status + ": " + new String(answer, StandardCharsets.UTF_8));
                    }
                }
            };
            return new HubPaths(device, service, plainHttp);
        }
    }

    /**
     * Times {@code count} calls into {@code into}; returns the CPU time the hubs' event-loop threads and the calling
     * thread used meanwhile (only the path under measurement is active, so it is that path's: unlike latency, it
     * hardly moves with the machine's load).
     */
    private static long[] measure(Call call, long[] into, int offset, int count) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = hubEventLoopCpuNanos();
        long callerBefore = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            call.run();
            into[offset + i] = System.nanoTime() - start;
        }
        return new long[] {hubEventLoopCpuNanos() - cpuBefore, threads.getCurrentThreadCpuTime() - callerBefore};
    }

    /**
     * Every path alike, interleaved: {@code minimum} calls each, then rounds until the JIT has (nearly) nothing left
     * to compile for them, so no path is measured on code the others already had compiled.
     */
    private static void warmUp(Call[] paths, int minimum, int perBlock) throws Exception {
        long[] discarded = new long[perBlock];
        int done = 0;
        long roundJit = 0;
        long roundMillis = 0;
        int quietRounds = 0;
        int lastRound = 0;
        while (done < minimum * MAX_WARMUP_FACTOR) {
            int round = done < minimum ? minimum : WARMUP_ROUND;
            long jitBefore = jitMillis();
            long started = System.nanoTime();
            // in blocks, through the same timing code as the measured blocks, so that code is compiled too
            int roundBlocks = Math.max(1, round / perBlock);
            for (int block = 0; block < roundBlocks; block++) {
                for (Call path : paths) {
                    measure(path, discarded, 0, perBlock);
                }
            }
            lastRound = roundBlocks * perBlock;
            done += lastRound;
            roundJit = jitMillis() - jitBefore;
            roundMillis = (System.nanoTime() - started) / 1_000_000;
            // compilations come in bursts as methods cross the C2 thresholds: two quiet rounds in a row
            quietRounds = roundJit * 50 < roundMillis ? quietRounds + 1 : 0;
            if (quietRounds == 2) {
                break;
            }
        }
        System.out.printf("warm-up: %d calls per path; the last %d-call round spent %d of %d ms compiling%n",
                done, lastRound, roundJit, roundMillis);
    }

    /** Time the JIT compilers have spent so far (ms, summed over compiler threads). */
    private static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** CPU time so far of every hub event-loop thread in this JVM ({@code hub-io-*}, {@code test-hub-io-*}). */
    private static long hubEventLoopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("hub-io") || info.getThreadName().startsWith("test-hub-io"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private record Stats(double p50, double p99, double mean, double max, int n) {
        static Stats of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0);
            return new Stats(ms(sorted[(int) Math.ceil(0.50 * sorted.length) - 1]),
                    ms(sorted[(int) Math.ceil(0.99 * sorted.length) - 1]), mean / 1e6, ms(sorted[sorted.length - 1]),
                    sorted.length);
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }

        String line(String name) {
            return String.format("%-58s p50 %7.3f ms   p99 %7.3f ms   mean %7.3f ms   max %8.3f ms   (n=%d)",
                    name, p50, p99, mean, max, n);
        }
    }

    private interface ResponseTopic {
        String of(String requestTopic);
    }

    /** The same responder for every path: answer each request with status/payload on the matching topic. */
    private static void answerRequests(MqttClient client, String filter, ResponseTopic responseTopic) throws Exception {
        client.subscribe(filter, 1, (topic, message) -> {
            MqttMessage response = new MqttMessage(message.getPayload());
            response.setQos(1);
            // non-blocking: this runs on Paho's callback thread
            client.getTopic(responseTopic.of(topic)).publish(response);
        });
    }

    private static String rid(String topic) {
        return topic.substring(topic.indexOf("$rid=") + 5);
    }

    private static MqttClient connect(String url, String clientId, String user, String password, Path caPem) throws Exception {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setMaxInflight(100);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        options.setSocketFactory(new NoDelaySocketFactory(
                IotHubSSLContext.getSSLContextFromFile(caPem.toString()).getSocketFactory()));
        client.connect(options);
        return client;
    }

    /**
     * TLS sockets with TCP_NODELAY, for every Paho client of every path: Paho leaves Nagle on, which with
     * delayed ACKs adds ~40 ms whenever a client writes twice in a row (PUBACK then the next PUBLISH).
     */
    private static final class NoDelaySocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        NoDelaySocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }

    /** A private Mosquitto broker on a loopback address, TLS with the hub's server certificate. */
    private static final class Mosquitto implements AutoCloseable {
        final int port;
        private final Process process;

        private Mosquitto(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static Mosquitto start(Path dir, String address, Path tlsDir) throws Exception {
            Files.createDirectories(dir);
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
                port = probe.getLocalPort();
            }
            // the server certificate with its issuer: clients trust only the hub's root (ca.pem)
            Path chain = dir.resolve("server-chain.pem");
            Files.writeString(chain, Files.readString(tlsDir.resolve("server.pem")) + Files.readString(tlsDir.resolve("issuer.pem")));
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, String.join("\n",
                    "user " + System.getProperty("user.name"),
                    "allow_anonymous true",
                    // as the hub does; without it Nagle plus delayed ACKs add ~40 ms per hop
                    "set_tcp_nodelay true",
                    "persistence false",
                    "log_dest stderr",
                    "log_type error",
                    "listener " + port + " " + address,
                    "certfile " + chain,
                    "keyfile " + tlsDir.resolve("server.key"),
                    ""));
            Process process = new ProcessBuilder("mosquitto", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile())
                    .start();
            Mosquitto broker = new Mosquitto(port, process);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (Socket probe = SocketFactory.getDefault().createSocket(address, port)) {
                    probe.setSoLinger(true, 0);
                    return broker;
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        broker.close();
                        throw new IllegalStateException("Mosquitto did not start; see " + dir.resolve("mosquitto.log")
                                + " (install it with: apt-get install -y mosquitto)");
                    }
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
