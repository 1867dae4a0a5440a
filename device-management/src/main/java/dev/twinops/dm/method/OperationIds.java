package dev.twinops.dm.method;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Operation ids tie a device's progress reports to the request that caused them. The console usually passes one;
 * a device that receives none makes one up and returns it in its 200 response.
 */
public final class OperationIds {

    /** Long enough for a job id plus a device id, short enough to stay cheap in every report. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:\\-]+");

    private OperationIds() {
    }

    /** Returns the id unchanged, or throws {@link InvalidRequestException} saying what is wrong with it. */
    public static String validate(String operationId) {
        if (operationId == null) {
            return null;
        }
        if (operationId.isEmpty()) {
            throw new InvalidRequestException("operationId must not be empty (leave it out to let the device choose)");
        }
        if (operationId.length() > MAX_LENGTH) {
            throw new InvalidRequestException("operationId is longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(operationId).matches()) {
            throw new InvalidRequestException(
                    "operationId may only contain letters, digits and . _ : - (got '" + abbreviate(operationId) + "')");
        }
        return operationId;
    }

    public static String generate() {
        return "op-" + UUID.randomUUID();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
