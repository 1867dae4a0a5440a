package dev.twinops.console.imports;

import java.util.Objects;

/**
 * What became of one row of an import file. {@code errorCode} and {@code message} say why a row failed, was not
 * sent or has no tags (IoT Hub's error name or code and its message); both are empty for a row fully done.
 */
public record ImportOutcome(long line, String deviceId, Result result, String errorCode, String message) {

    /** A row's end state; every row of a file ends in exactly one. */
    public enum Result {
        CREATED("created"),
        UPDATED("updated"),
        /** The device was created but its tags could not be set: the message says why. */
        CREATED_WITHOUT_TAGS("created, tags not set"),
        UPDATED_WITHOUT_TAGS("updated, tags not set"),
        /** The hub refused the device, or the request carrying it failed. */
        FAILED("failed"),
        /** Not sent to the hub: the row breaks a rule, or the import stopped before its turn. */
        NOT_SENT("not sent");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        /** Registered, with or without its tags. */
        public boolean registered() {
            return this != FAILED && this != NOT_SENT;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public ImportOutcome {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(result, "result");
        errorCode = errorCode == null ? "" : errorCode;
        message = message == null ? "" : message;
    }

    static ImportOutcome done(ImportRow row, Result result) {
        return new ImportOutcome(row.line(), row.deviceId(), result, "", "");
    }

    static ImportOutcome of(ImportRow row, Result result, String errorCode, String message) {
        return new ImportOutcome(row.line(), row.deviceId(), result, errorCode, message);
    }
}
