package dev.twinops.console.imports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;

import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.imports.ImportOutcome.Result;
import dev.twinops.hubclient.registry.BulkRegistryOperation.DeviceError;

/**
 * Carries an import out: the file's valid rows in requests of {@link #DEVICES_PER_REQUEST} (IoT Hub's bulk limit),
 * each followed by the tags of the devices it registered (IoT Hub's bulk operation takes no twin content). Every row
 * ends with an {@link ImportOutcome}: a request the hub refused as a whole fails its rows with the hub's reason and
 * stops the import (the rows after it are "not sent", saying why); a request whose answer never came fails its rows
 * saying the hub may have done them all the same. Blocking; run it off the FX thread.
 */
public final class DeviceImporter {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceImporter.class);

    public static final int DEVICES_PER_REQUEST = 100;
    private static final Pattern ERROR_CODE = Pattern.compile("\\\\?\"errorCode\\\\?\"\\s*:\\s*(\\d{6})");
    /** A throttled call (429) is tried this many times in all, the pause doubling from {@link #FIRST_PAUSE}. */
    static final int ATTEMPTS = 4;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    /** Waits between throttled attempts (tests do not wait). */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ImportHub hub;
    private final Pause pause;

    public DeviceImporter(ImportHub hub) {
        this(hub, d -> Thread.sleep(d.toMillis()));
    }

    DeviceImporter(ImportHub hub, Pause pause) {
        this.hub = Objects.requireNonNull(hub);
        this.pause = Objects.requireNonNull(pause);
    }

    /**
     * Imports the file's rows.
     *
     * @param progress told the number of rows finished so far (from this thread)
     * @param stopped  checked before each request: true leaves the remaining rows unsent
     */
    public ImportReport run(ImportFile file, ImportMode mode, IntConsumer progress, BooleanSupplier stopped) {
        if (!file.usable()) {
            throw new IllegalArgumentException(file.problem());
        }
        Map<Long, ImportOutcome> outcomes = new java.util.HashMap<>();
        for (ImportRow row : file.rows()) {
            if (!row.valid()) {
                outcomes.put(row.line(), ImportOutcome.of(row, Result.NOT_SENT, "invalid row",
                        String.join("; ", row.problems())));
            }
        }
        progress.accept(outcomes.size());
        List<ImportRow> valid = file.validRows();
        String stopReason = null;
        for (int from = 0; from < valid.size(); from += DEVICES_PER_REQUEST) {
            List<ImportRow> batch = valid.subList(from, Math.min(valid.size(), from + DEVICES_PER_REQUEST));
            if (stopReason == null && stopped.getAsBoolean()) {
                stopReason = "the import was stopped before this device's turn";
            }
            if (stopReason != null) {
                for (ImportRow row : batch) {
                    outcomes.put(row.line(), ImportOutcome.of(row, Result.NOT_SENT, "", stopReason));
                }
            } else {
                stopReason = importBatch(batch, mode, outcomes);
            }
            progress.accept(outcomes.size());
        }
        List<ImportOutcome> ordered = file.rows().stream().map(row -> outcomes.get(row.line())).toList();
        ImportReport report = new ImportReport(file.fileName(), mode, ordered);
        LOG.info("Imported {} ({}): {}", file.fileName(), mode.wireName(), report.summary());
        return report;
    }

    /** One request and its tags; returns why the import stops here, or null to go on. */
    private String importBatch(List<ImportRow> batch, ImportMode mode, Map<Long, ImportOutcome> outcomes) {
        String lines = "lines " + batch.get(0).line() + "-" + batch.get(batch.size() - 1).line();
        Set<String> existedBefore = Set.of();
        if (mode == ImportMode.CREATE_OR_UPDATE) {
            try {
                existedBefore = hub.existing(batch.stream().map(ImportRow::deviceId).toList());
            } catch (Exception e) {
                for (ImportRow row : batch) {
                    outcomes.put(row.line(), ImportOutcome.of(row, Result.NOT_SENT, code(e),
                            "not sent: could not ask the hub which devices exist: " + HubErrors.hubMessage(e)));
                }
                return "the import stopped at " + lines + ": the hub could not be asked which devices exist ("
                        + HubErrors.hubMessage(e) + ")";
            }
        }
        Map<String, DeviceError> refused;
        try {
            refused = withRetries(() -> hub.register(batch, mode));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failBatch(batch, e, lines, outcomes);
        } catch (Exception e) {
            return failBatch(batch, e, lines, outcomes);
        }
        for (ImportRow row : batch) {
            DeviceError error = refused.get(row.deviceId());
            if (error != null) {
                outcomes.put(row.line(), ImportOutcome.of(row, Result.FAILED, error.code(), error.message()));
                continue;
            }
            boolean updated = existedBefore.contains(row.deviceId());
            outcomes.put(row.line(), tagged(row, updated));
        }
        return null;
    }

    private String failBatch(List<ImportRow> batch, Exception e, String lines, Map<Long, ImportOutcome> outcomes) {
        String message = HubErrors.hubRefused(e)
                ? "the hub refused the request for " + lines + ": " + HubErrors.hubMessage(e)
                : "the request for " + lines + " got no answer (" + HubErrors.hubMessage(e) + "); the hub may have "
                + "registered these devices all the same: import the file again with Create or update";
        for (ImportRow row : batch) {
            outcomes.put(row.line(), ImportOutcome.of(row, Result.FAILED, code(e), message));
        }
        return "the import stopped after " + message;
    }

    /** The registered device's outcome once its tags are set (or could not be). */
    private ImportOutcome tagged(ImportRow row, boolean updated) {
        Result done = updated ? Result.UPDATED : Result.CREATED;
        if (row.tags() == null) {
            return ImportOutcome.done(row, done);
        }
        try {
            withRetries(() -> {
                hub.patchTags(row.deviceId(), row.tags());
                return null;
            });
            return ImportOutcome.done(row, done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return withoutTags(row, updated, e);
        } catch (Exception e) {
            return withoutTags(row, updated, e);
        }
    }

    /** A call the hub throttles (429: the tier's quota) is tried again after a pause that doubles each time. */
    private <T> T withRetries(BackgroundCall<T> call) throws Exception {
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception e) {
                if (!HubErrors.isThrottled(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                pause.sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    @FunctionalInterface
    private interface BackgroundCall<T> {
        T call() throws Exception;
    }

    private static ImportOutcome withoutTags(ImportRow row, boolean updated, Exception e) {
        return ImportOutcome.of(row, updated ? Result.UPDATED_WITHOUT_TAGS : Result.CREATED_WITHOUT_TAGS, code(e),
                "the device is registered but its tags were not set: " + HubErrors.hubMessage(e)
                        + ". Set them in the twin editor or import again with Create or update.");
    }

    /** IoT Hub's numeric error code (e.g. 401002), or what failed on the way. */
    static String code(Exception e) {
        Throwable cause = e;
        while (!(cause instanceof IotHubException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof IotHubException hubError) {
            if (hubError.getErrorCode() > 0) {
                return Integer.toString(hubError.getErrorCode());
            }
            // the SDK left the code in the hub's JSON message
            Matcher inMessage = ERROR_CODE.matcher(String.valueOf(hubError.getMessage()));
            if (inMessage.find()) {
                return inMessage.group(1);
            }
        }
        return e.getClass().getSimpleName();
    }
}
