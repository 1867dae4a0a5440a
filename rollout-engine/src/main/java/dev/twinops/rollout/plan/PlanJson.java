package dev.twinops.rollout.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.twinops.dm.method.FirmwareUpdateRequest;
import dev.twinops.dm.method.InvalidRequestException;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and writes rollout plans as JSON. Reading validates everything and reports every problem at once, each
 * naming its field ({@code waves[2].percent}) and why; the plan returned has its defaults filled in.
 */
public final class PlanJson {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Leaves room, within IoT Hub's 8 KB query text, for the rollout's own clauses. */
    public static final int MAX_CONDITION_LENGTH = 2048;
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final Duration MAX_DEADLINE = Duration.ofDays(14);

    private PlanJson() {
    }

    public static RolloutPlan read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @throws PlanValidationException listing every problem (malformed JSON, unknown or mistyped fields, values
     *                                 out of range)
     */
    public static RolloutPlan read(String json) {
        RolloutPlan plan;
        try {
            plan = RolloutJson.strict().readValue(json, RolloutPlan.class);
        } catch (UnrecognizedPropertyException e) {
            throw single(path(e), "unknown field '" + e.getPropertyName() + "' (known: "
                    + e.getKnownPropertyIds() + ")");
        } catch (InvalidFormatException e) {
            throw single(path(e), "'" + e.getValue() + "' is not a valid " + typeName(e.getTargetType())
                    + reason(e));
        } catch (MismatchedInputException e) {
            throw single(path(e), "expected " + typeName(e.getTargetType()));
        } catch (DatabindException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage()
                    : e.getOriginalMessage();
            throw single(path((JsonMappingException) e), why);
        } catch (JsonProcessingException e) {
            throw single("(plan)", "not valid JSON: " + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        if (plan == null) {
            throw single("(plan)", "the plan is empty");
        }
        return validate(plan);
    }

    /** Checks a plan built in code or read from JSON; returns it with defaults filled in. */
    public static RolloutPlan validate(RolloutPlan plan) {
        List<PlanValidationException.Problem> problems = new ArrayList<>();
        if (plan.id() != null && !ID.matcher(plan.id()).matches()) {
            problems.add(problem("id", "must be 1-32 lower-case letters, digits or '-', starting with a letter or "
                    + "digit (it becomes part of job ids and twin tags), got '" + plan.id() + "'"));
        }
        checkCondition(problems, "target", plan.target(), true);
        OperationSpec op = plan.operation();
        if (op == null) {
            problems.add(problem("operation", "is required, e.g. {\"type\": \"firmwareUpdate\", \"packageUri\": ..., "
                    + "\"version\": ..., \"sha256\": ...}"));
        } else {
            checkOperation(problems, op);
        }
        List<WaveSpec> waves = plan.waves() == null || plan.waves().isEmpty() ? RolloutPlan.defaultWaves()
                : plan.waves();
        int timeouts = op == null ? 0 : op.responseTimeout() + op.connectTimeout();
        for (int i = 0; i < waves.size(); i++) {
            checkWave(problems, "waves[" + i + "]", waves.get(i), i == waves.size() - 1, timeouts);
        }
        if (!problems.isEmpty()) {
            throw new PlanValidationException(problems);
        }
        return plan.withDefaults();
    }

    public static String write(RolloutPlan plan) {
        try {
            return RolloutJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the plan", e);
        }
    }

    private static void checkOperation(List<PlanValidationException.Problem> problems, OperationSpec op) {
        if (op.type() == null) {
            problems.add(problem("operation.type", "is required: firmwareUpdate, reboot or method"));
            return;
        }
        switch (op.type()) {
            case FIRMWARE_UPDATE -> {
                try {
                    new FirmwareUpdateRequest(op.packageUri(), op.sha256(), op.version(), null);
                } catch (InvalidRequestException e) {
                    problems.add(problem("operation." + firmwareField(e.getMessage()), e.getMessage()
                            .replace("fwPackageUri", "packageUri").replace("fwPackageCheckValue", "sha256")));
                }
                if (op.size() != null && op.size() <= 0) {
                    problems.add(problem("operation.size", "must be the package size in bytes (positive), got "
                            + op.size()));
                }
            }
            case REBOOT -> {
                // nothing to check
            }
            case METHOD -> {
                if (op.methodName() == null || !METHOD_NAME.matcher(op.methodName()).matches()) {
                    problems.add(problem("operation.methodName", "is required for a method: 1-128 letters, digits "
                            + "or _ . : - (got " + (op.methodName() == null ? "none" : "'" + op.methodName() + "'")
                            + ")"));
                }
                if (op.payload() != null && op.payload().toString().getBytes(StandardCharsets.UTF_8).length
                        > MAX_PAYLOAD_BYTES) {
                    problems.add(problem("operation.payload", "is larger than IoT Hub's 128 KB method payload"));
                }
            }
        }
        if (op.responseTimeoutSeconds() != null
                && (op.responseTimeoutSeconds() < 5 || op.responseTimeoutSeconds() > 300)) {
            problems.add(problem("operation.responseTimeoutSeconds", "must be 5-300 seconds (IoT Hub's range), got "
                    + op.responseTimeoutSeconds()));
        }
        if (op.connectTimeoutSeconds() != null
                && (op.connectTimeoutSeconds() < 0 || op.connectTimeoutSeconds() > 300)) {
            problems.add(problem("operation.connectTimeoutSeconds", "must be 0-300 seconds (IoT Hub's range), got "
                    + op.connectTimeoutSeconds()));
        }
    }

    private static String firmwareField(String message) {
        if (message.startsWith("fwPackageCheckValue")) {
            return "sha256";
        }
        if (message.startsWith("version")) {
            return "version";
        }
        return "packageUri";
    }

    private static void checkWave(List<PlanValidationException.Problem> problems, String at, WaveSpec w,
                                  boolean last, int methodTimeoutSeconds) {
        if (w == null) {
            problems.add(problem(at, "is empty"));
            return;
        }
        int selectors = (w.count() != null ? 1 : 0) + (w.percent() != null ? 1 : 0) + (w.condition() != null ? 1 : 0)
                + (w.isRest() ? 1 : 0);
        if (selectors != 1) {
            problems.add(problem(at, "needs exactly one of count, percent, condition or \"rest\": true (has "
                    + selectors + ")"));
        }
        if (w.count() != null && w.count() < 1) {
            problems.add(problem(at + ".count", "must be at least 1, got " + w.count()));
        }
        if (w.percent() != null && !(w.percent() > 0 && w.percent() <= 100)) {
            problems.add(problem(at + ".percent", "must be more than 0 and at most 100, got " + w.percent()));
        }
        if (w.condition() != null) {
            checkCondition(problems, at + ".condition", w.condition(), false);
        }
        if (w.isRest() && !last) {
            problems.add(problem(at + ".rest", "only the last wave can take the rest"));
        }
        if (w.successThreshold() != null && !(w.successThreshold() >= 0 && w.successThreshold() <= 100)) {
            problems.add(problem(at + ".successThreshold", "must be a percentage from 0 to 100, got "
                    + w.successThreshold()));
        }
        FailureThreshold f = w.failureThreshold();
        if (f != null) {
            if (f.count() == null && f.percent() == null) {
                problems.add(problem(at + ".failureThreshold", "needs a count, a percent or both"));
            }
            if (f.count() != null && f.count() < 1) {
                problems.add(problem(at + ".failureThreshold.count", "must be at least 1, got " + f.count()));
            }
            if (f.percent() != null && !(f.percent() > 0 && f.percent() <= 100)) {
                problems.add(problem(at + ".failureThreshold.percent", "must be more than 0 and at most 100, got "
                        + f.percent()));
            }
            if (f.minFinished() != null && f.minFinished() < 1) {
                problems.add(problem(at + ".failureThreshold.minFinished", "must be at least 1, got "
                        + f.minFinished()));
            }
        }
        if (w.deadline() != null) {
            if (w.deadline().getSeconds() <= methodTimeoutSeconds) {
                problems.add(problem(at + ".deadline", "must be longer than the method's response plus connect "
                        + "timeout (" + methodTimeoutSeconds + " s), got " + w.deadline().toSeconds() + " s"));
            } else if (w.deadline().compareTo(MAX_DEADLINE) > 0) {
                problems.add(problem(at + ".deadline", "must be at most 14 days (IoT Hub's job limit)"));
            }
        }
        if (w.soak() != null && w.soak().isNegative()) {
            problems.add(problem(at + ".soak", "must not be negative"));
        }
        if (w.ratePerMinute() != null && (w.ratePerMinute() < 1 || w.ratePerMinute() > 100_000)) {
            problems.add(problem(at + ".ratePerMinute", "must be 1-100000 devices a minute, got "
                    + w.ratePerMinute()));
        }
    }

    private static void checkCondition(List<PlanValidationException.Problem> problems, String field, String text,
                                       boolean emptyAllowed) {
        if (text == null || text.isBlank()) {
            if (!emptyAllowed) {
                problems.add(problem(field, "must not be empty"));
            }
            return;
        }
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("select ") || lower.startsWith("where ")) {
            problems.add(problem(field, "is the condition only, without SELECT ... WHERE (e.g. tags.site = 'a')"));
        }
        if (t.length() > MAX_CONDITION_LENGTH) {
            problems.add(problem(field, "is longer than " + MAX_CONDITION_LENGTH + " characters (IoT Hub queries are"
                    + " limited to 8 KB and the rollout adds its own clauses)"));
        }
        if (!quotesBalanced(t)) {
            problems.add(problem(field, "has an unclosed quote"));
        }
    }

    private static boolean quotesBalanced(String t) {
        Character open = null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (open != null && c == '\\') {
                i++;
            } else if (open == null && (c == '\'' || c == '"')) {
                open = c;
            } else if (open != null && c == open) {
                open = null;
            }
        }
        return open == null;
    }

    private static PlanValidationException.Problem problem(String field, String message) {
        return new PlanValidationException.Problem(field, message);
    }

    private static PlanValidationException single(String field, String message) {
        return new PlanValidationException(List.of(problem(field, message)));
    }

    private static String path(JsonMappingException e) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            }
        }
        return s.length() == 0 ? "(plan)" : s.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "duration (ISO-8601, e.g. \"PT30M\" for 30 minutes)";
        }
        if (type == String.class) {
            return "string";
        }
        if (type.isEnum() || type == OperationType.class) {
            return "value (one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        return "object";
    }

    private static String reason(InvalidFormatException e) {
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "";
    }
}
