package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.auth.ServiceAuthenticator;
import dev.twinops.hub.auth.SharedAccessPolicies;
import dev.twinops.hub.testing.LoopbackAddresses;
import dev.twinops.hub.tls.HubCertificates;
import dev.twinops.hub.tls.TrustedCertificates;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
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
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        endpoint = new ServiceEndpoint(routes, new ServiceAuthenticator(policies, List.of(bind), Clock.systemUTC()),
                certificates.serverSslContext(), group, group, Clock.systemUTC(), 1);
        endpoint.start(new InetSocketAddress(bind, 0));
        base = "https://" + bind + ":" + endpoint.localAddress().getPort();

        TrustedCertificates.installJvmWide(certificates.caCertificatePath());
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
}
