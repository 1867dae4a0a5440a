package dev.twinops.simulator.fleet;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.sun.net.httpserver.HttpServer;
import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.LocalHub;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.simulator.firmware.DownloadPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real local hub on a random loopback address, a firmware server on the same address (JDK HttpServer) and the
 * official service clients to drive devices the way the console does. A test class registers it once and has it
 * for all its tests: {@code @RegisterExtension static final LocalHubFixture env = new LocalHubFixture();} starts the
 * hub (data in a directory of its own) before the class's first test and closes it after its last.
 */
final class LocalHubFixture implements BeforeAllCallback, AfterAllCallback {

    static final int PACKAGE_SIZE = 384 * 1024;

    Path dataDir;
    LocalHub hub;
    HubTarget target;
    TwinClient twins;
    DirectMethodsClient methods;
    HttpServer firmwareServer;
    byte[] firmwareImage;
    String firmwareSha256;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("simulator-hub");
        String address = randomLoopback();
        hub = LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(address).build());
        var info = hub.connectionInfo();
        target = HubTarget.local(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                info.caCertificatePath());
        PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
        AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(info.serviceConnectionString())).toString());
        twins = new TwinClient(info.serviceEndpoint(), credential);
        // 2.1.9 uses the HTTP read timeout as the method timeout: keep it above the response timeout
        methods = new DirectMethodsClient(info.serviceEndpoint(), credential,
                DirectMethodsClientOptions.builder().httpReadTimeoutSeconds(40).build());

        firmwareImage = new byte[PACKAGE_SIZE];
        new Random(11).nextBytes(firmwareImage);
        firmwareSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(firmwareImage));
        firmwareServer = HttpServer.create(new InetSocketAddress(address, 0), 0);
        firmwareServer.createContext("/fw/", exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals("/fw/image-2.0.0.bin")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, firmwareImage.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(firmwareImage);
                }
            } catch (IOException e) {
                // the device cancelled the download (fault injection): nothing to do
            }
        });
        firmwareServer.start();
    }

    static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    String firmwareUri() {
        InetSocketAddress a = firmwareServer.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/fw/image-2.0.0.bin";
    }

    /** The fixture's firmware server, as a source devices may download from. */
    String firmwareSource() {
        InetSocketAddress a = firmwareServer.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/fw/";
    }

    FleetConfig.Builder fleet(String prefix, int count) {
        List<String> sources = new ArrayList<>(DownloadPolicy.defaultSources());
        sources.add(firmwareSource());
        return FleetConfig.builder(target).prefix(prefix).count(count)
                .downloadPolicy(DownloadPolicy.of(sources, DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES))
                .bootTime(java.time.Duration.ofMillis(800))
                .applyTime(java.time.Duration.ofMillis(400))
                .bandwidthBytesPerSecond(512 * 1024)
                .progressInterval(java.time.Duration.ofMillis(250))
                .twinTimeout(java.time.Duration.ofSeconds(5));
    }

    /** Invokes a method like the console: the device's status and body, read with the shared contract. */
    MethodResponse invoke(String deviceId, String method, Map<String, Object> payload) throws Exception {
        DirectMethodResponse r = methods.invoke(deviceId, method, DirectMethodRequestOptions.builder()
                .payload(payload).methodResponseTimeoutSeconds(15).methodConnectTimeoutSeconds(10).build());
        return MethodResponse.fromDevice(r.getStatus(), r.getPayloadAsJsonString());
    }

    ReportedDeviceState reported(String deviceId) throws Exception {
        return ReportedDeviceState.fromReportedProperties(twins.get(deviceId).getReportedProperties());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (firmwareServer != null) {
            firmwareServer.stop(0);
        }
        if (hub != null) {
            hub.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
