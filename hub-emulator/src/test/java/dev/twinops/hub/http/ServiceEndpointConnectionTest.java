package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.auth.SharedAccessPolicies;
import dev.twinops.hub.net.Transport;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.tls.HubCertificates;
import dev.twinops.hubclient.trust.PerHubTrust;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's connection handling, with its own routes: late answers, concurrency, ordering. */
class ServiceEndpointConnectionTest {

    @TempDir
    Path dataDir;

    private EventLoopGroup group;
    private ServiceEndpoint endpoint;
    private ScheduledExecutorService later;
    private HttpClient http;
    private String base;
    private String token;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger maxPending = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        String bind = LoopbackAddresses.random();
        HubCertificates certificates = HubCertificates.loadOrCreate(dataDir, bind);
        SharedAccessPolicies policies = SharedAccessPolicies.loadOrCreate(dataDir);
        later = Executors.newSingleThreadScheduledExecutor();
        RouteTable routes = new RouteTable()
                .add(HttpMethod.GET, "/slow/{ms}", Set.of(Permission.SERVICE_CONNECT), request -> {
                    long ms = Long.parseLong(request.pathParameter("ms"));
                    maxPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
                    CompletableFuture<ServiceResponse> answer = new CompletableFuture<>();
                    answer.whenComplete((r, e) -> pending.decrementAndGet());
                    // completes on a thread that is not the connection's event loop, like state writes and methods do
                    later.schedule(() -> answer.complete(ServiceResponse.ok(
                            JsonNodeFactory.instance.objectNode().put("waited", ms))), ms, TimeUnit.MILLISECONDS);
                    return answer;
                });
        // the hub's own choice (-Dtwinops.hub.transport), so these run on either transport
        group = Transport.configured().newGroup(2, new DefaultThreadFactory("test-service-io", true));
        endpoint = new ServiceEndpoint(routes, new ServiceAuthenticator(policies, List.of(bind), Clock.systemUTC()),
                certificates.serverSslContext(), group, group, Clock.systemUTC(), 1);
        endpoint.start(new InetSocketAddress(bind, 0));
        base = "https://" + bind + ":" + endpoint.localAddress().getPort();

        PerHubTrust.jvm().trust(bind + ":" + endpoint.localAddress().getPort(), certificates.caCertificatePath());
        http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).version(HttpClient.Version.HTTP_1_1).build();
        token = SasToken.create(bind, policies.policy("service").orElseThrow().primaryKey(), "service",
                Instant.now().plusSeconds(600));
    }

    @AfterEach
    void stop() {
        endpoint.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        later.shutdownNow();
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnswerThatTakesLongerThanTheIdleTimeoutStillArrives() throws Exception {
        HttpResponse<String> response = get("/slow/2500").get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"waited\":2500}");
    }

    @Test
    void manySlowRequestsAreAnsweredConcurrentlyWithoutAThreadEach() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(get("/slow/3000"));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(90, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // two event-loop threads held more waiting requests at once than they are threads: nothing blocked them
        assertThat(maxPending.get()).isGreaterThan(2);
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderSentEvenWhenTheFirstIsSlowest() throws Exception {
        URI uri = URI.create(base);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) SSLContext.getDefault().getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort());
        try (socket) {
            socket.setSoTimeout(30_000);
            String auth = "Authorization: " + token + "\r\nHost: " + uri.getHost() + "\r\n";
            byte[] oversized = new byte[ServiceEndpoint.MAX_REQUEST_BODY_BYTES + 1000];
            java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
            pipeline.writeBytes(("GET /slow/1500 HTTP/1.1\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
            pipeline.writeBytes(("POST /slow/1 HTTP/1.1\r\n" + auth + "Content-Length: " + oversized.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            pipeline.writeBytes(oversized);
            pipeline.writeBytes(("GET /slow/10 HTTP/1.1\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
            // one write: the hub decodes several requests from one read, the case that used to reorder answers
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(pipeline.toByteArray());
                    socket.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(readResponse(in)).startsWith("200 ").endsWith("{\"waited\":1500}");
            assertThat(readResponse(in)).startsWith("413 ").contains("413001");
            assertThat(readResponse(in)).startsWith("200 ").endsWith("{\"waited\":10}");
            sent.get(30, TimeUnit.SECONDS);
        }
        // other clients are served throughout
        assertThat(get("/slow/1").get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** Status code, reason and body of the next HTTP/1.1 response (Content-Length framed). */
    private static String readResponse(java.io.DataInputStream in) throws java.io.IOException {
        String status = readLine(in);
        int contentLength = 0;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        byte[] body = new byte[contentLength];
        in.readFully(body);
        return status.substring("HTTP/1.1 ".length()) + " " + new String(body, StandardCharsets.UTF_8);
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
