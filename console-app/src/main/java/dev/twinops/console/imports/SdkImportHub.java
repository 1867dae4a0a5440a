package dev.twinops.console.imports;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpMethod;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpRequest;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

import dev.twinops.console.operations.DeviceTargets;

/**
 * The import's hub calls through the service SDK. The bulk registry operation ("Bulk Registry - Update Registry",
 * {@code POST /devices}) has no call in the 2.1.9 SDK, so it is sent as the SDK's own end-to-end tests send it (and
 * as the simulator's fleet start does): the SDK's {@link HttpRequest}, for its TLS and error mapping, with a service
 * SAS token made from the connection string; it works against IoT Hub and the local hub alike. Tags are merged
 * with {@code TwinClient.patch}; which devices exist is one {@code queryRaw} per 100 ids.
 */
public final class SdkImportHub implements ImportHub {

    private static final String API_VERSION = "2021-04-12";
    private static final int READ_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URL bulkUrl;
    private final IotHubConnectionString connectionString;
    private final TwinClient twins;
    private final QueryClient queries;

    /**
     * @param serviceEndpoint  host[:port] of the hub's service API
     * @param connectionString a service connection string with registry write (e.g. iothubowner); only its key
     *                         signs tokens, it is never sent or logged
     */
    public SdkImportHub(String serviceEndpoint, String connectionString, TwinClient twins, QueryClient queries) {
        try {
            this.bulkUrl = new URL("https://" + serviceEndpoint + "/devices?api-version=" + API_VERSION);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the hub's service endpoint " + serviceEndpoint
                    + " is not a host[:port]", e);
        }
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(connectionString);
        this.twins = twins;
        this.queries = queries;
    }

    @Override
    public Set<String> existing(Collection<String> deviceIds) throws Exception {
        Set<String> found = new HashSet<>();
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = queries.queryRaw("SELECT deviceId FROM devices WHERE "
                + DeviceTargets.inCondition(List.copyOf(deviceIds)), options);
        while (response.hasNext()) {
            JsonNode row = JSON.readTree(response.next(options));
            if (row.hasNonNull("deviceId")) {
                found.add(row.get("deviceId").asText());
            }
        }
        return found;
    }

    @Override
    public Map<String, DeviceError> register(List<ImportRow> rows, ImportMode mode) throws Exception {
        ArrayNode body = JSON.createArrayNode();
        for (ImportRow row : rows) {
            ObjectNode entry = body.addObject().put("id", row.deviceId()).put("importMode", mode.wireName());
            if (row.hasKeys()) {
                entry.putObject("authentication").put("type", "sas").putObject("symmetricKey")
                        .put("primaryKey", row.primaryKey())
                        .put("secondaryKey", row.secondaryKey());
            }
        }
        // a fresh token per request: a long import must not outlive one
        String token = new IotHubServiceSasToken(connectionString).toString();
        HttpRequest request = new HttpRequest(bulkUrl, HttpMethod.POST, JSON.writeValueAsBytes(body), token);
        request.setReadTimeoutSeconds(READ_TIMEOUT_SECONDS);
        try {
            request.send();
            return Map.of();
        } catch (IotHubBadFormatException partlyDone) {
            return perDeviceErrors(partlyDone);
        }
    }

    /**
     * A 400 whose body is IoT Hub's BulkRegistryOperationResult lists the refused devices (the SDK hands a body it
     * cannot read as an error envelope over as the message); any other 400 refused the request as a whole.
     */
    private static Map<String, DeviceError> perDeviceErrors(IotHubBadFormatException e)
            throws IotHubBadFormatException {
        JsonNode result;
        try {
            result = JSON.readTree(e.getMessage() == null ? "" : e.getMessage());
        } catch (IOException notAResult) {
            throw e;
        }
        if (result == null || !result.path("errors").isArray() || result.path("errors").isEmpty()) {
            throw e;
        }
        Map<String, DeviceError> errors = new LinkedHashMap<>();
        for (JsonNode error : result.path("errors")) {
            errors.put(error.path("deviceId").asText(), new DeviceError(error.path("errorCode").asText(),
                    error.path("errorStatus").asText("")));
        }
        return errors;
    }

    @Override
    public void patchTags(String deviceId, ObjectNode tags) throws Exception {
        Twin twin = new Twin(deviceId);
        twin.getTags().putAll(JSON.convertValue(tags, new TypeReference<Map<String, Object>>() { }));
        twins.patch(twin);
    }
}
