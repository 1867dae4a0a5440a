package dev.twinops.console.operations;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Invoke method...": any method name, a JSON payload checked as it is typed, and the two timeouts IoT Hub knows:
 * the response timeout (5-300 s, how long the hub waits for the device's answer) and the connect timeout (0-300 s,
 * how long it waits for an offline device to connect; 0 means the device must be online now).
 */
public final class MethodInvocationForm implements OperationForm {

    /** IoT Hub's limit for a method request payload. */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    public static final int MAX_METHOD_NAME = 128;

    public static final String RESPONSE_TIMEOUT_HELP = "How long the hub waits for the device to answer once the "
            + "request is delivered: 5-300 s. No answer in time is error 504101; the device may still act.";
    public static final String CONNECT_TIMEOUT_HELP = "How long the hub waits for an offline device to connect "
            + "before giving up with 404103: 0-300 s. 0 means the device must be online now.";

    private final ObjectMapper mapper = new ObjectMapper();
    private final StringProperty methodName = new SimpleStringProperty(this, "methodName", "");
    private final StringProperty payload = new SimpleStringProperty(this, "payload", "{}");
    private final StringProperty responseTimeout = new SimpleStringProperty(this, "responseTimeout",
            String.valueOf(OperationRequest.DEFAULT_RESPONSE_TIMEOUT));
    private final StringProperty connectTimeout = new SimpleStringProperty(this, "connectTimeout",
            String.valueOf(OperationRequest.DEFAULT_CONNECT_TIMEOUT));
    private final ReadOnlyStringWrapper methodMessage = new ReadOnlyStringWrapper(this, "methodMessage", "");
    private final ReadOnlyStringWrapper payloadMessage = new ReadOnlyStringWrapper(this, "payloadMessage", "");
    private final ReadOnlyStringWrapper responseTimeoutMessage = new ReadOnlyStringWrapper(this, "responseTimeoutMessage", "");
    private final ReadOnlyStringWrapper connectTimeoutMessage = new ReadOnlyStringWrapper(this, "connectTimeoutMessage", "");
    private final ReadOnlyBooleanWrapper payloadValid = new ReadOnlyBooleanWrapper(this, "payloadValid", true);

    public MethodInvocationForm() {
        payload.addListener((obs, old, text) -> checkPayload());
        methodName.addListener((obs, old, text) -> {
            if (!methodMessage.get().isEmpty()) {
                checkMethod();
            }
        });
        responseTimeout.addListener((obs, old, text) -> checkResponseTimeout());
        connectTimeout.addListener((obs, old, text) -> checkConnectTimeout());
    }

    public StringProperty methodNameProperty() {
        return methodName;
    }

    public StringProperty payloadProperty() {
        return payload;
    }

    public StringProperty responseTimeoutProperty() {
        return responseTimeout;
    }

    public StringProperty connectTimeoutProperty() {
        return connectTimeout;
    }

    public ReadOnlyStringProperty methodMessageProperty() {
        return methodMessage.getReadOnlyProperty();
    }

    /** "" for valid JSON (or no payload), else where and what is wrong. */
    public ReadOnlyStringProperty payloadMessageProperty() {
        return payloadMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty responseTimeoutMessageProperty() {
        return responseTimeoutMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectTimeoutMessageProperty() {
        return connectTimeoutMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty payloadValidProperty() {
        return payloadValid.getReadOnlyProperty();
    }

    /** Checks every field; the request when all are valid, else null with each problem next to its field. */
    @Override
    public OperationRequest toRequest() {
        boolean ok = checkMethod();
        ok &= checkPayload();
        Integer response = checkResponseTimeout();
        Integer connect = checkConnectTimeout();
        if (!ok || response == null || connect == null) {
            return null;
        }
        return OperationRequest.method(methodName.get().strip(), payload.get(), response, connect);
    }

    private boolean checkMethod() {
        String name = methodName.get() == null ? "" : methodName.get().strip();
        String problem = "";
        if (name.isEmpty()) {
            problem = "Give the method's name, e.g. setTelemetryInterval.";
        } else if (name.length() > MAX_METHOD_NAME) {
            problem = "A method name has at most " + MAX_METHOD_NAME + " characters (this one " + name.length() + ").";
        } else if (name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '#' || c == '+' || c == '$')) {
            problem = "A method name cannot contain spaces or / # + $ (it becomes part of an MQTT topic).";
        }
        methodMessage.set(problem);
        return problem.isEmpty();
    }

    private boolean checkPayload() {
        String text = payload.get() == null ? "" : payload.get();
        String problem = "";
        if (!text.isBlank()) {
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                problem = "The payload is larger than IoT Hub's 128 KB limit for a method request.";
            } else {
                try {
                    mapper.readTree(text);
                } catch (JsonProcessingException e) {
                    JsonLocation at = e.getLocation();
                    String where = at == null ? "" : "Line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
                    problem = where + e.getOriginalMessage().replaceAll("\\s+", " ");
                }
            }
        }
        payloadMessage.set(problem);
        payloadValid.set(problem.isEmpty());
        return problem.isEmpty();
    }

    private Integer checkResponseTimeout() {
        return checkSeconds(responseTimeout.get(), OperationRequest.MIN_RESPONSE_TIMEOUT, responseTimeoutMessage,
                "The response timeout");
    }

    private Integer checkConnectTimeout() {
        return checkSeconds(connectTimeout.get(), 0, connectTimeoutMessage, "The connect timeout");
    }

    private static Integer checkSeconds(String text, int min, ReadOnlyStringWrapper message, String what) {
        String t = text == null ? "" : text.strip();
        int value;
        try {
            value = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            message.set(what + " is a whole number of seconds, " + min + "-" + OperationRequest.MAX_TIMEOUT + ".");
            return null;
        }
        if (value < min || value > OperationRequest.MAX_TIMEOUT) {
            message.set(what + " must be " + min + "-" + OperationRequest.MAX_TIMEOUT + " s (IoT Hub's range), not "
                    + value + ".");
            return null;
        }
        message.set("");
        return value;
    }
}
