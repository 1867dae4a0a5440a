package dev.twinops.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, optional extra headers and an optional JSON body. Immutable. */
public final class ServiceResponse {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final HttpResponseStatus status;
    private final byte[] body;
    private final Map<String, String> headers;

    private ServiceResponse(HttpResponseStatus status, byte[] body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** 200 with a JSON body. */
    public static ServiceResponse ok(JsonNode body) {
        return json(HttpResponseStatus.OK, body);
    }

    public static ServiceResponse json(HttpResponseStatus status, JsonNode body) {
        try {
            return new ServiceResponse(status, JSON.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response body", e);
        }
    }

    /** A JSON body already serialised (e.g. off the event loop). */
    public static ServiceResponse jsonBytes(HttpResponseStatus status, byte[] body) {
        return new ServiceResponse(status, body, Map.of());
    }

    /** 204 without a body. */
    public static ServiceResponse noContent() {
        return new ServiceResponse(HttpResponseStatus.NO_CONTENT, EMPTY, Map.of());
    }

    public ServiceResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ServiceResponse(status, body, Map.copyOf(copy));
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The serialised body; empty for none. Callers must not modify it. */
    byte[] body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
