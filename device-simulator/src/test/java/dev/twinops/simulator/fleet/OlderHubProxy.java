package dev.twinops.simulator.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.twinops.hubclient.trust.PerHubTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A hub as it was before it served bulk registry operations: an HTTPS front on the local hub's address (with its
 * certificate) that answers {@code POST /devices} with IoT Hub's 404 and passes every other service request on.
 */
final class OlderHubProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpsServer server;
    private final HttpClient client;
    private final String hubEndpoint;
    private final AtomicInteger bulkRefused = new AtomicInteger();

    OlderHubProxy(String bindAddress, String hubEndpoint, Path hubDataDir) throws Exception {
        this.hubEndpoint = hubEndpoint;
        Path tls = hubDataDir.resolve("tls");
        PerHubTrust hub = PerHubTrust.standalone();
        hub.trust(hubEndpoint, tls.resolve("ca.pem"));
        this.client = HttpClient.newBuilder().sslContext(hub.sslContext()).build();
        server = HttpsServer.create(new InetSocketAddress(bindAddress, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's service endpoint, {@code host:port}. */
    String endpoint() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Bulk requests answered 404. */
    int bulkRefused() {
        return bulkRefused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            if (exchange.getRequestMethod().equals("POST") && (path.equals("/devices") || path.equals("/devices/"))) {
                bulkRefused.incrementAndGet();
                reply(exchange, 404, "{\"Message\":\"{\\\"errorCode\\\":404000,\\\"message\\\":\\\"The hub has no "
                        + "route POST /devices\\\"}\",\"ExceptionMessage\":\"\"}");
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("https://" + hubEndpoint
                    + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    private static SSLContext serverContext(Path tls) throws Exception {
        String pem = Files.readString(tls.resolve("server.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        List<Certificate> chain = new ArrayList<>();
        // the hub's chain: server, its name-constrained issuer, the root clients trust
        for (String file : List.of("server.pem", "issuer.pem", "ca.pem")) {
            try (InputStream in = Files.newInputStream(tls.resolve(file))) {
                chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "proxy".toCharArray();
        store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
