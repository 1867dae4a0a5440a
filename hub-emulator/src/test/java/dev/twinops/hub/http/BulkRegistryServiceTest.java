package dev.twinops.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.serializers.AuthenticationParser;
import com.microsoft.azure.sdk.iot.service.registry.serializers.AuthenticationTypeParser;
import com.microsoft.azure.sdk.iot.service.registry.serializers.ExportImportDeviceParser;
import com.microsoft.azure.sdk.iot.service.registry.serializers.SymmetricKeyParser;
import com.microsoft.azure.sdk.iot.service.registry.serializers.X509ThumbprintParser;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpMethod;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpRequest;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpResponse;
import dev.twinops.hub.testing.RegistryTestHub;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * IoT Hub's bulk registry operation, {@code POST /devices}, sent the way the Java service SDK's own end-to-end tests
 * send it (the 2.1.9 RegistryClient has no bulk call): ExportImportDeviceParser entries serialised by Gson as a bare
 * array, the SDK's HttpRequest with a service SAS token, which judges the answer with the SDK's exceptions. The result
 * is read back through RegistryClient.
 */
class BulkRegistryServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RegistryTestHub fixture = new RegistryTestHub();

    @Test
    void oneHundredDevicesAreCreatedInOneRequestAsTheSdkTestsCreateThem() throws Exception {
        List<Device> devices = new ArrayList<>();
        List<ExportImportDeviceParser> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Device device = new Device("bulk-add-" + i);
            device.setSymmetricKey(new SymmetricKey());
            devices.add(device);
            entries.add(sasEntry(device.getDeviceId(), "create", device.getSymmetricKey()));
        }

        HttpResponse response = send(entries);

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.getBody());
        assertThat(result.path("isSuccessful").asBoolean()).isTrue();
        assertThat(result.path("errors")).isEmpty();
        assertThat(result.path("warnings")).isEmpty();
        for (Device device : List.of(devices.get(0), devices.get(57), devices.get(99))) {
            Device stored = fixture.registry().getDevice(device.getDeviceId());
            assertThat(stored.getPrimaryKey()).isEqualTo(device.getPrimaryKey());
            assertThat(stored.getSecondaryKey()).isEqualTo(device.getSecondaryKey());
            assertThat(stored.getStatus()).isEqualTo(DeviceStatus.Enabled);
        }
    }

    @Test
    void devicesAreUpdatedAndDeletedInBulkWithOrWithoutTheirETags() throws Exception {
        Device kept = fixture.registry().addDevice(new Device("bulk-upd-1"));
        Device etagChecked = fixture.registry().addDevice(new Device("bulk-upd-2"));
        Device deleted = fixture.registry().addDevice(new Device("bulk-del-1"));
        Device deletedIfMatch = fixture.registry().addDevice(new Device("bulk-del-2"));

        ExportImportDeviceParser disable = entry(kept.getDeviceId(), "update");
        disable.setStatus("disabled");
        disable.setStatusReason("parked");
        ExportImportDeviceParser disableIfMatch = entry(etagChecked.getDeviceId(), "updateIfMatchETag");
        disableIfMatch.setStatus("disabled");
        disableIfMatch.setETag(etagChecked.getETag());
        ExportImportDeviceParser deleteIfMatch = entry(deletedIfMatch.getDeviceId(), "deleteIfMatchETag");
        deleteIfMatch.setETag(deletedIfMatch.getETag());
        ExportImportDeviceParser createOrUpdate = entry("bulk-upsert", "createOrUpdate");

        HttpResponse response = send(List.of(disable, disableIfMatch, entry(deleted.getDeviceId(), "delete"),
                deleteIfMatch, createOrUpdate));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(fixture.registry().getDevice("bulk-upd-1").getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(fixture.registry().getDevice("bulk-upd-1").getStatusReason()).isEqualTo("parked");
        assertThat(fixture.registry().getDevice("bulk-upd-1").getPrimaryKey()).as("keys not sent are kept")
                .isEqualTo(kept.getPrimaryKey());
        assertThat(fixture.registry().getDevice("bulk-upd-2").getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(fixture.registry().getDevice("bulk-upd-2").getETag()).isNotEqualTo(etagChecked.getETag());
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-del-1")).isInstanceOf(IotHubNotFoundException.class);
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-del-2")).isInstanceOf(IotHubNotFoundException.class);
        assertThat(fixture.registry().getDevice("bulk-upsert").getPrimaryKey()).isNotBlank();
    }

    @Test
    void devicesThatCannotBeDoneComeBackAsPerDeviceErrorsInA400AndTheOthersAreDone() throws Exception {
        Device existing = fixture.registry().addDevice(new Device("bulk-err-existing"));
        Device guarded = fixture.registry().addDevice(new Device("bulk-err-guarded"));
        ExportImportDeviceParser staleETag = entry(guarded.getDeviceId(), "deleteIfMatchETag");
        staleETag.setETag("\"not-its-etag\"");
        ExportImportDeviceParser x509 = new ExportImportDeviceParser();
        x509.setId("bulk-err-x509");
        x509.setImportMode("create");
        AuthenticationParser selfSigned = new AuthenticationParser();
        selfSigned.setType(AuthenticationTypeParser.SELF_SIGNED);
        selfSigned.setThumbprint(new X509ThumbprintParser("A".repeat(40), "B".repeat(40)));
        x509.setAuthentication(selfSigned);
        ExportImportDeviceParser module = entry("bulk-err-module", "create");
        module.setModuleId("m1");

        IotHubException refused = refusal(List.of(entry(existing.getDeviceId(), "create"),
                entry("bulk-err-new", "create"), entry("bulk-err-missing", "update"), staleETag, x509, module));

        assertThat(refused).as("400").isInstanceOf(IotHubBadFormatException.class);
        // the SDK hands over the body it could not read as an error envelope: IoT Hub's BulkRegistryOperationResult
        JsonNode result = JSON.readTree(refused.getMessage());
        assertThat(result.path("isSuccessful").asBoolean()).isFalse();
        assertThat(result.path("warnings")).isEmpty();
        JsonNode errors = result.path("errors");
        assertThat(errors).hasSize(5);
        assertError(errors.get(0), "bulk-err-existing", "DeviceAlreadyExists", "already registered");
        assertError(errors.get(1), "bulk-err-missing", "DeviceNotFound", "not registered");
        assertError(errors.get(2), "bulk-err-guarded", "PreconditionFailed", "does not match the etag");
        assertError(errors.get(3), "bulk-err-x509", "ArgumentInvalid", "symmetric keys");
        assertError(errors.get(4), "bulk-err-module", "ArgumentInvalid", "Modules are not supported");
        assertThat(fixture.registry().getDevice("bulk-err-new").getPrimaryKey()).as("the valid part is done").isNotBlank();
        assertThat(fixture.registry().getDevice("bulk-err-guarded").getETag()).isEqualTo(guarded.getETag());
        assertThat(fixture.registry().getDevice("bulk-err-existing").getPrimaryKey()).isEqualTo(existing.getPrimaryKey());
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-err-x509")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void moreThanOneHundredDevicesAreRefusedAndNoneIsCreated() throws Exception {
        List<ExportImportDeviceParser> entries = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            entries.add(entry("bulk-101-" + i, "create"));
        }

        IotHubException refused = refusal(entries);

        assertThat(refused.getErrorCode()).as("413 TooManyDevices").isEqualTo(413002);
        assertThat(refused).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-101-0")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void aDeviceNamedTwiceIsRefusedAsAWhole() throws Exception {
        IotHubException refused = refusal(List.of(entry("bulk-twice", "create"), entry("bulk-once", "create"),
                entry("bulk-twice", "delete")));

        assertThat(refused).isInstanceOf(IotHubBadFormatException.class);
        assertThat(refused.getErrorCode()).as("DeviceDefinedMultipleTimes").isEqualTo(400011);
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-once")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void aPolicyWithoutRegistryWriteMayNotUseIt() throws Exception {
        IotHubException refused = refusal(List.of(entry("bulk-denied", "create")), "registryRead");

        assertThat(refused).isInstanceOf(IotHubUnauthorizedException.class);
        assertThatThrownBy(() -> fixture.registry().getDevice("bulk-denied")).isInstanceOf(IotHubNotFoundException.class);
    }

    private static void assertError(JsonNode error, String deviceId, String errorCode, String statusText) {
        assertThat(error.path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(error.path("errorCode").asText()).isEqualTo(errorCode);
        assertThat(error.path("errorStatus").asText()).contains(statusText);
    }

    private static ExportImportDeviceParser entry(String id, String importMode) {
        ExportImportDeviceParser entry = new ExportImportDeviceParser();
        entry.setId(id);
        entry.setImportMode(importMode);
        return entry;
    }

    private static ExportImportDeviceParser sasEntry(String id, String importMode, SymmetricKey key) {
        ExportImportDeviceParser entry = entry(id, importMode);
        AuthenticationParser authentication = new AuthenticationParser();
        authentication.setType(AuthenticationTypeParser.SAS);
        authentication.setSymmetricKey(new SymmetricKeyParser(key.getPrimaryKey(), key.getSecondaryKey()));
        entry.setAuthentication(authentication);
        return entry;
    }

    private static HttpResponse send(List<ExportImportDeviceParser> entries) throws Exception {
        return send(entries, "iothubowner");
    }

    private static IotHubException refusal(List<ExportImportDeviceParser> entries) {
        return refusal(entries, "iothubowner");
    }

    /** What the SDK throws for an answer that is not 2xx (its HttpRequest judges the status itself). */
    private static IotHubException refusal(List<ExportImportDeviceParser> entries, String policy) {
        Throwable thrown = catchThrowable(() -> send(entries, policy));
        assertThat(thrown).isInstanceOf(IotHubException.class);
        return (IotHubException) thrown;
    }

    /**
     * As the SDK's end-to-end helper does it: a bare JSON array, POST /devices/?api-version=..., through the SDK's
     * HttpRequest, which throws the SDK's IotHubException for an answer that is not 2xx.
     */
    private static HttpResponse send(List<ExportImportDeviceParser> entries, String policy) throws Exception {
        URL url = new URL("https://" + fixture.hub().connectionInfo().serviceEndpoint() + "/devices/?api-version=2021-04-12");
        byte[] body = new Gson().toJson(entries).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = new HttpRequest(url, HttpMethod.POST, body,
                TestHubs.credential(fixture.hub(), policy).getSignature());
        request.setReadTimeoutSeconds(30);
        return request.send();
    }
}
