package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.auth.SasToken;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the SDK clients never send but the endpoint must answer properly: unknown routes, malformed and oversized
 * bodies, wrong types, bad paging headers; plus the limits of direct methods through the SDK.
 */
class ServiceEndpointHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    static LocalHub hub;
    static HttpClient http;
    static String token;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHubs.start(dataDir);
        http = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).connectTimeout(Duration.ofSeconds(10)).build();
        String cs = hub.connectionInfo().serviceConnectionString();
        String key = cs.substring(cs.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
        token = SasToken.create(URLEncoder.encode(hub.connectionInfo().hostName(), StandardCharsets.UTF_8), key,
                "iothubowner", Instant.now().plusSeconds(3600));
        new RegistryClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"))
                .addDevice(new Device("http-1"));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("https://" + hub.connectionInfo().serviceEndpoint() + path + "?api-version=2021-04-12"))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> all = new HashMap<>(Map.of("Authorization", token, "Content-Type", "application/json; charset=utf-8"));
        all.putAll(headers);
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, Map.of());
    }

    /** The errorCode and message inside IoT Hub's error body. */
    private static JsonNode innerError(HttpResponse<String> response) throws Exception {
        JsonNode outer = JSON.readTree(response.body());
        assertThat(outer.has("ExceptionMessage")).isTrue();
        JsonNode inner = JSON.readTree(outer.get("Message").asText());
        assertThat(inner.get("trackingId").asText()).isNotBlank();
        assertThat(inner.get("timestampUtc").asText()).endsWith("Z");
        return inner;
    }

    @Test
    void anUnknownRouteIs404WithIotHubsErrorBody() throws Exception {
        HttpResponse<String> response = send("GET", "/nothing/here", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(innerError(response).get("errorCode").asInt()).isEqualTo(404000);
    }

    @Test
    void aRequestWithoutAuthorizationIs401() throws Exception {
        HttpResponse<String> response = send("GET", "/twins/http-1", null, Map.of("Authorization", ""));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(innerError(response).get("errorCode").asInt()).isEqualTo(401002);
    }

    @Test
    void malformedJsonIs400NamingTheProblem() throws Exception {
        HttpResponse<String> response = send("PATCH", "/twins/http-1", "{\"tags\": {\"a\": }");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = innerError(response);
        assertThat(error.get("errorCode").asInt()).isEqualTo(400004);
        assertThat(error.get("message").asText()).contains("not valid JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectOrLacksAFieldOrHasAWrongTypeIs400() throws Exception {
        HttpResponse<String> array = send("PATCH", "/twins/http-1", "[1,2]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(innerError(array).get("message").asText()).contains("must be a JSON object");

        HttpResponse<String> missing = send("POST", "/devices/query", "{\"q\":\"SELECT * FROM devices\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(innerError(missing).get("message").asText()).contains("'query' is required");

        HttpResponse<String> wrongType = send("POST", "/twins/http-1/methods",
                "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":\"ten\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(innerError(wrongType).get("message").asText()).contains("responseTimeoutInSeconds", "whole number");

        HttpResponse<String> badStatus = send("PUT", "/devices/http-2", "{\"deviceId\":\"http-2\",\"status\":7}");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(innerError(badStatus).get("message").asText()).contains("'status'");
    }

    @Test
    void anOversizedBodyIs413MessageTooLargeAndTheHubKeepsAnswering() throws Exception {
        String huge = "{\"tags\":{\"blob\":\"" + "x".repeat(ServiceEndpoint.MAX_REQUEST_BODY_BYTES) + "\"}}";
        HttpResponse<String> response = send("PATCH", "/twins/http-1", huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("iothub-errorcode")).hasValue("MessageTooLarge");
        assertThat(innerError(response).get("errorCode").asInt()).isEqualTo(413001);
        assertThat(innerError(response).get("message").asText()).contains("larger than");

        assertThat(send("GET", "/twins/http-1", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRealPatchAndTheMethodOverrideBothPatchTheTwin() throws Exception {
        assertThat(send("PATCH", "/twins/http-1", "{\"tags\":{\"via\":\"patch\"}}").statusCode()).isEqualTo(200);
        HttpResponse<String> overridden = send("POST", "/twins/http-1", "{\"tags\":{\"other\":\"post\"}}",
                Map.of("X-HTTP-Method-Override", "PATCH"));
        assertThat(overridden.statusCode()).isEqualTo(200);
        JsonNode tags = JSON.readTree(overridden.body()).get("tags");
        assertThat(tags.get("via").asText()).isEqualTo("patch");
        assertThat(tags.get("other").asText()).isEqualTo("post");
    }

    @Test
    void pagingHeadersAreValidatedAndPagesCarryTheItemType() throws Exception {
        String query = "{\"query\":\"SELECT * FROM devices\"}";
        assertThat(send("POST", "/devices/query", query, Map.of("x-ms-max-item-count", "0")).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/devices/query", query, Map.of("x-ms-max-item-count", "many")).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/devices/query", query, Map.of("x-ms-continuation", "not-a-token!")).statusCode())
                .isEqualTo(400);

        HttpResponse<String> page = send("POST", "/devices/query", query, Map.of("x-ms-max-item-count", "5000"));
        assertThat(page.statusCode()).isEqualTo(200);
        // the names the .NET SDK parses case-sensitively into its QueryResultType
        assertThat(page.headers().firstValue("x-ms-item-type")).hasValue("Twin");
        assertThat(page.headers().firstValue("x-ms-continuation")).isEmpty();
        assertThat(JSON.readTree(page.body()).isArray()).isTrue();

        HttpResponse<String> raw = send("POST", "/devices/query", "{\"query\":\"SELECT deviceId FROM devices\"}");
        assertThat(raw.headers().firstValue("x-ms-item-type")).hasValue("Raw");
        HttpResponse<String> deviceJobs = send("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices.jobs\"}");
        assertThat(deviceJobs.headers().firstValue("x-ms-item-type")).hasValue("DeviceJob");
    }

    @Test
    void pageSizesAboveTheCapAreServedAsPagesOfOneThousand() {
        assertThat(QueryRoutes.pageSize("5000")).isEqualTo(1000);
        assertThat(QueryRoutes.pageSize(null)).isEqualTo(100);
        assertThat(QueryRoutes.pageSize(" 50 ")).isEqualTo(50);
    }

    @Test
    void directMethodLimitsAre400() {
        DirectMethodsClient methods = new DirectMethodsClient(hub.connectionInfo().serviceEndpoint(),
                TestHubs.credential(hub, "service"));
        assertThatThrownBy(() -> methods.invoke("http-1", "reboot",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(4).build()))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("responseTimeoutInSeconds");
        assertThatThrownBy(() -> methods.invoke("http-1", "reboot",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(301).build()))
                .isInstanceOf(IotHubBadFormatException.class);
        assertThatThrownBy(() -> methods.invoke("http-1", "reboot",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(30).methodConnectTimeoutSeconds(301).build()))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("connectTimeoutInSeconds");
        Map<String, String> big = Map.of("blob", "x".repeat(128 * 1024));
        assertThatThrownBy(() -> methods.invoke("http-1", "reboot",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(30).payload(big).build()))
                .isInstanceOf(IotHubBadFormatException.class).hasMessageContaining("128 KB");
    }

    @Test
    void aMethodOnAnOfflineDeviceIs404103AndOnAnUnknownDevice404001() {
        DirectMethodsClient methods = new DirectMethodsClient(hub.connectionInfo().serviceEndpoint(),
                TestHubs.credential(hub, "service"));
        DirectMethodRequestOptions now = DirectMethodRequestOptions.builder()
                .methodResponseTimeoutSeconds(5).methodConnectTimeoutSeconds(0).build();
        assertThatThrownBy(() -> methods.invoke("http-1", "reboot", now))
                .isInstanceOf(IotHubNotFoundException.class)
                .satisfies(e -> assertThat(((IotHubNotFoundException) e).getErrorCode()).isEqualTo(404103));
        assertThatThrownBy(() -> methods.invoke("ghost", "reboot", now))
                .isInstanceOf(IotHubNotFoundException.class)
                .satisfies(e -> assertThat(((IotHubNotFoundException) e).getErrorCode()).isEqualTo(404001));
    }
}
