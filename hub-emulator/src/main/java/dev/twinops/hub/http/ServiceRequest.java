package dev.twinops.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.auth.SharedAccessPolicy;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A matched, authorised service request: its method (after {@code X-HTTP-Method-Override}), path parameters,
 * query parameters, headers and body. Detached from Netty's buffers, so handlers may use it on any thread.
 */
public final class ServiceRequest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> queryParameters;
    private final HttpHeaders headers;
    private final byte[] body;
    private final SharedAccessPolicy policy;

    ServiceRequest(HttpMethod method, String path, Map<String, String> pathParameters,
                   Map<String, List<String>> queryParameters, HttpHeaders headers, byte[] body,
                   SharedAccessPolicy policy) {
        this.method = method;
        this.path = path;
        this.pathParameters = pathParameters;
        this.queryParameters = queryParameters;
        this.headers = headers;
        this.body = body;
        this.policy = policy;
    }

    public HttpMethod method() {
        return method;
    }

    /** The request path as sent, without the query string. */
    public String path() {
        return path;
    }

    /** A parameter of the route template, e.g. {@code id} of {@code /twins/{id}}; url-decoded. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no parameter '" + name + "'");
        }
        return value;
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A request header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The raw body; empty if none. Callers must not modify it. */
    public byte[] body() {
        return body;
    }

    /** The shared access policy the caller's token was signed with. */
    public SharedAccessPolicy policy() {
        return policy;
    }

    /**
     * The body as a JSON object.
     *
     * @throws HubException ARGUMENT_INVALID if the body is missing, not JSON or not an object
     */
    public ObjectNode jsonObjectBody() {
        if (body.length == 0) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + location(e));
        } catch (java.io.IOException e) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The request body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new HubException(HubError.ARGUMENT_INVALID, "The request body must be a JSON object, not "
                    + (node == null ? "nothing" : JsonFields.describe(node)));
        }
        return (ObjectNode) node;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
