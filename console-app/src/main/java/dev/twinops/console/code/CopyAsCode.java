package dev.twinops.console.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the console is about to do as code the operator can keep: the Java service SDK calls and the
 * {@code az iot hub} command, with the operator's actual arguments. Secrets never appear: the hub is named by its
 * host name only, the Java reads the connection string from the environment and az signs in on its own. Pure: no
 * hub, no UI.
 */
public final class CopyAsCode {

    /** Where the Java snippets read the connection string from (never written into code). */
    public static final String CONNECTION_VARIABLE = "IOTHUB_CONNECTION_STRING";

    private CopyAsCode() {
    }

    /** A direct method call on one device (what the console does for a single target). */
    public static CodeSnippet directMethod(String hubHost, String deviceId, String methodName, String payloadJson,
                                           int responseTimeoutSeconds, int connectTimeoutSeconds) {
        String java = "DirectMethodsClient methods = new DirectMethodsClient(System.getenv(\"" + CONNECTION_VARIABLE
                + "\"));\n"
                + "DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()\n"
                + "        .payload(JsonParser.parseString(" + javaString(payloadJson) + "))\n"
                + "        .methodResponseTimeoutSeconds(" + responseTimeoutSeconds + ")\n"
                + "        .methodConnectTimeoutSeconds(" + connectTimeoutSeconds + ")\n"
                + "        .build();\n"
                + "DirectMethodResponse response = methods.invoke(" + javaString(deviceId) + ", "
                + javaString(methodName) + ", options);";
        List<String> az = new ArrayList<>(List.of("az iot hub invoke-device-method",
                "--hub-name " + shell(hubName(hubHost)), "--device-id " + shell(deviceId),
                "--method-name " + shell(methodName), "--method-payload " + shell(payloadJson),
                "--timeout " + responseTimeoutSeconds));
        return new CodeSnippet(java, lines(az));
    }

    /**
     * A scheduled direct-method job on the devices matching {@code condition} (what the console does for several
     * targets). The console names the job when it sends it; the snippet makes a fresh id each time it runs.
     */
    public static CodeSnippet methodJob(String hubHost, String condition, String methodName, String payloadJson,
                                        int responseTimeoutSeconds, int connectTimeoutSeconds,
                                        long maxExecutionSeconds) {
        String java = "ScheduledJobsClient jobs = new ScheduledJobsClient(System.getenv(\"" + CONNECTION_VARIABLE
                + "\"));\n"
                + "DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()\n"
                + "        .payload(JsonParser.parseString(" + javaString(payloadJson) + "))\n"
                + "        .methodResponseTimeoutSeconds(" + responseTimeoutSeconds + ")\n"
                + "        .methodConnectTimeoutSeconds(" + connectTimeoutSeconds + ")\n"
                + "        .maxExecutionTimeSeconds(" + maxExecutionSeconds + ")\n"
                + "        .build();\n"
                + "ScheduledJob job = jobs.scheduleDirectMethod(UUID.randomUUID().toString(),\n"
                + "        " + javaString(condition) + ", " + javaString(methodName) + ", new Date(), options);";
        List<String> az = List.of("az iot hub job create", "--hub-name " + shell(hubName(hubHost)),
                "--job-id \"$(uuidgen)\"", "--job-type scheduleDeviceMethod",
                "--query-condition " + shell(condition), "--method-name " + shell(methodName),
                "--method-payload " + shell(payloadJson),
                "--method-response-timeout " + responseTimeoutSeconds,
                "--method-connect-timeout " + connectTimeoutSeconds, "--ttl " + maxExecutionSeconds);
        return new CodeSnippet(java, lines(az));
    }

    /**
     * A twin edit: the tags and desired-property merge patches, sent only if the twin still has {@code etag}
     * (null or "" sends it unconditionally). A null patch leaves that section alone.
     */
    public static CodeSnippet twinUpdate(String hubHost, String deviceId, String tagsPatchJson,
                                         String desiredPatchJson, String etag) {
        StringBuilder java = new StringBuilder("TwinClient twins = new TwinClient(System.getenv(\"")
                .append(CONNECTION_VARIABLE).append("\"));\n")
                .append("Twin twin = new Twin(").append(javaString(deviceId)).append(");\n");
        if (etag != null && !etag.isEmpty()) {
            java.append("twin.setETag(").append(javaString(etag)).append("); // fails if the twin changed since\n");
        }
        if (tagsPatchJson != null) {
            java.append("twin.getTags().putAll(new Gson().fromJson(").append(javaString(tagsPatchJson))
                    .append(", TwinCollection.class));\n");
        }
        if (desiredPatchJson != null) {
            java.append("twin.getDesiredProperties().putAll(new Gson().fromJson(").append(javaString(desiredPatchJson))
                    .append(", TwinCollection.class));\n");
        }
        java.append("Twin updated = twins.patch(twin);");
        List<String> az = new ArrayList<>(List.of("az iot hub device-twin update",
                "--hub-name " + shell(hubName(hubHost)), "--device-id " + shell(deviceId)));
        if (tagsPatchJson != null) {
            az.add("--tags " + shell(tagsPatchJson));
        }
        if (desiredPatchJson != null) {
            az.add("--desired " + shell(desiredPatchJson));
        }
        if (etag != null && !etag.isEmpty()) {
            az.add("--etag " + shell(etag));
        }
        return new CodeSnippet(java.toString(), lines(az));
    }

    /** az names a hub by its name: the host's first label ("my-hub" of my-hub.azure-devices.net). */
    static String hubName(String hubHost) {
        String host = hubHost == null ? "" : hubHost.strip();
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon); // a local hub's port
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.endsWith(".azure-devices.net") ? host.substring(0, dot) : host;
    }

    /** A POSIX shell word: single-quoted, a single quote inside written as '\''. */
    static String shell(String value) {
        String v = value == null ? "" : value;
        return "'" + v.replace("'", "'\\''") + "'";
    }

    /** A Java string literal. */
    static String javaString(String value) {
        String v = value == null ? "" : value;
        StringBuilder out = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One argument a line, continued with backslashes, so a long command stays readable and pastes whole. */
    private static String lines(List<String> parts) {
        return String.join(" \\\n    ", parts);
    }
}
