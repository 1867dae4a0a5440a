package dev.twinops.hub.http;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Service SAS tokens and IoT Hub's per-call permissions, through the official clients. */
class ServiceAuthTest {

    @TempDir
    static Path dataDir;

    static LocalHub hub;
    static String endpoint;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHubs.start(dataDir);
        endpoint = hub.connectionInfo().serviceEndpoint();
        new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).addDevice(new Device("auth-1"));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static AzureSasCredential token(String policy, String key, Instant expiry) {
        String sr = URLEncoder.encode(hub.connectionInfo().hostName(), StandardCharsets.UTF_8);
        return new AzureSasCredential(SasToken.create(sr, key, policy, expiry));
    }

    private static String primaryKey(String policy) {
        String cs = hub.connectionInfo().serviceConnectionString(policy);
        return cs.substring(cs.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
    }

    @Test
    void aTokenSignedWithTheWrongKeyIs401() {
        byte[] wrong = new byte[32];
        AzureSasCredential forged = token("iothubowner", Base64.getEncoder().encodeToString(wrong),
                Instant.now().plusSeconds(3600));
        assertThatThrownBy(() -> new TwinClient(endpoint, forged).get("auth-1"))
                .isInstanceOf(IotHubUnauthorizedException.class)
                .satisfies(e -> assertThat(((IotHubUnauthorizedException) e).getErrorCode()).isEqualTo(401002));
    }

    @Test
    void anExpiredTokenIs401() {
        AzureSasCredential expired = token("iothubowner", primaryKey("iothubowner"), Instant.now().minusSeconds(5));
        assertThatThrownBy(() -> new RegistryClient(endpoint, expired).getDevice("auth-1"))
                .isInstanceOf(IotHubUnauthorizedException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void registryReadMayQueryAndReadButNotInvokeMethodsOrWriteTwinsOrDevices() throws Exception {
        AzureSasCredential registryRead = TestHubs.credential(hub, "registryRead");
        assertThat(new QueryClient(endpoint, registryRead).queryTwins("SELECT * FROM devices").hasNext()).isTrue();
        assertThat(new RegistryClient(endpoint, registryRead).getDevice("auth-1").getDeviceId()).isEqualTo("auth-1");
        assertThat(new TwinClient(endpoint, registryRead).get("auth-1").getDeviceId()).isEqualTo("auth-1");

        assertThatThrownBy(() -> new DirectMethodsClient(endpoint, registryRead).invoke("auth-1", "reboot"))
                .isInstanceOf(IotHubUnauthorizedException.class)
                .hasMessageContaining("ServiceConnect");
        Twin patch = new Twin("auth-1");
        patch.getTags().put("x", 1);
        assertThatThrownBy(() -> new TwinClient(endpoint, registryRead).patch(patch))
                .isInstanceOf(IotHubUnauthorizedException.class);
        assertThatThrownBy(() -> new RegistryClient(endpoint, registryRead).addDevice(new Device("auth-2")))
                .isInstanceOf(IotHubUnauthorizedException.class)
                .hasMessageContaining("RegistryWrite");
    }

    @Test
    void serviceMayWorkWithTwinsButNotTheRegistry() throws Exception {
        AzureSasCredential service = TestHubs.credential(hub, "service");
        Twin patch = new Twin("auth-1");
        patch.getTags().put("checked", true);
        assertThat(new TwinClient(endpoint, service).patch(patch).getTags()).containsEntry("checked", true);
        assertThatThrownBy(() -> new RegistryClient(endpoint, service).getDevice("auth-1"))
                .isInstanceOf(IotHubUnauthorizedException.class);
    }

    @Test
    void theDevicePolicyHasNoServicePermissionAtAll() {
        AzureSasCredential device = TestHubs.credential(hub, "device");
        assertThatThrownBy(() -> new TwinClient(endpoint, device).get("auth-1"))
                .isInstanceOf(IotHubUnauthorizedException.class);
    }

    @Test
    void registryReadWriteMayAddAndRemoveDevices() throws Exception {
        RegistryClient registry = new RegistryClient(endpoint, TestHubs.credential(hub, "registryReadWrite"));
        registry.addDevice(new Device("auth-rw"));
        registry.removeDevice("auth-rw");
    }

    @Test
    void withoutAVerifiedSignatureEveryRefusalReadsTheSameAndNamesNoPolicy() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(javax.net.ssl.SSLContext.getDefault()).build();
        String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (String authorization : java.util.Arrays.asList(
                null,
                "SharedAccessSignature sr=x&sig=AAAA&se=1",
                token("iothubowner", wrongKey, Instant.now().plusSeconds(60)).getSignature(),
                token("no-such-policy", wrongKey, Instant.now().plusSeconds(60)).getSignature(),
                token("registryReadWrite", wrongKey, Instant.now().plusSeconds(60)).getSignature())) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "https://" + endpoint + "/devices/auth-1?api-version=2021-04-12"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            java.net.http.HttpResponse<String> response = http.send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            String inner = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("Message").asText();
            messages.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(inner).get("message").asText());
        }
        assertThat(messages).hasSize(5).containsOnly(messages.get(0));
        assertThat(messages.get(0)).doesNotContain("iothubowner").doesNotContain("no-such-policy")
                .doesNotContain("registryReadWrite");

        // the policy's holder is served, and told what is wrong once the signature is good
        assertThat(new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner")).getDevice("auth-1").getDeviceId())
                .isEqualTo("auth-1");
    }
}
