package dev.twinops.console.operations;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import dev.twinops.console.code.CodeSnippet;
import dev.twinops.console.code.CopyAsCode;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.devices.DeviceQuery;
import dev.twinops.console.devices.InvalidDeviceQueryException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The operation buttons' state and actions: which devices an operation is for (the selection, or every device
 * matching the shown query), whether the buttons are enabled, what the operator is asked to confirm (device count,
 * and for a hub tier how long the job takes to reach them), and starting the operation.
 */
public final class OperationsViewModel {

    /** What the buttons act on. */
    public enum TargetMode { SELECTION, QUERY }

    private final DeviceSelection selection;
    private final ReadOnlyStringProperty shownQuery;
    private final ReadOnlyLongProperty matchingCount;
    private final ReadOnlyObjectProperty<HubConnection> connection;
    private final Supplier<HubTier> tier;
    private final OperationLauncher launcher;

    private final ObjectProperty<TargetMode> targetMode = new SimpleObjectProperty<>(this, "targetMode",
            TargetMode.SELECTION);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final BooleanBinding canAct;
    private final StringBinding selectionText;
    private final StringBinding matchingText;
    // The hub's count goes back to unknown while the list refreshes; the same query keeps its last count meanwhile.
    private String countedQuery = "";
    private long lastCount = -1;

    /**
     * @param shownQuery    the query the list shows ({@code SELECT * FROM devices WHERE ...})
     * @param matchingCount the hub's count for it, -1 until known
     */
    public OperationsViewModel(DeviceSelection selection, ReadOnlyStringProperty shownQuery,
                               ReadOnlyLongProperty matchingCount, ReadOnlyObjectProperty<HubConnection> connection,
                               Supplier<HubTier> tier, OperationLauncher launcher) {
        this.selection = Objects.requireNonNull(selection);
        this.shownQuery = Objects.requireNonNull(shownQuery);
        this.matchingCount = Objects.requireNonNull(matchingCount);
        this.connection = Objects.requireNonNull(connection);
        this.tier = Objects.requireNonNull(tier);
        this.launcher = Objects.requireNonNull(launcher);
        rememberCount(matchingCount.get());
        matchingCount.addListener((obs, old, count) -> rememberCount(count.longValue()));
        canAct = Bindings.createBooleanBinding(() -> connection.get() != null && targetCount() > 0,
                connection, targetMode, selection.deviceIds(), matchingCount, shownQuery);
        selectionText = Bindings.createStringBinding(() -> {
            int n = selection.deviceIds().size();
            return n == 1 ? "Selected: " + selection.deviceIds().get(0) : "Selected (" + number(n) + ")";
        }, selection.deviceIds());
        matchingText = Bindings.createStringBinding(() -> matchingCount() < 0 ? "All matching the query"
                : "All " + number(matchingCount()) + " matching the query", matchingCount, shownQuery);
    }

    public ObjectProperty<TargetMode> targetModeProperty() {
        return targetMode;
    }

    /** True when there is a hub and at least one target device. */
    public BooleanBinding canActProperty() {
        return canAct;
    }

    /** "Selected (3)" or "Selected: sensor-1". */
    public StringBinding selectionTextProperty() {
        return selectionText;
    }

    /** "All 1,000 matching the query". */
    public StringBinding matchingTextProperty() {
        return matchingText;
    }

    /** The last thing the buttons did, or why they could not. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True when there is a hub and a selection (what the table's context menu acts on). */
    public boolean canActOnSelection() {
        return connection.get() != null && !selection.deviceIds().isEmpty();
    }

    public HubConnection.Kind hubKind() {
        HubConnection hub = connection.get();
        return hub == null ? null : hub.kind();
    }

    /** The devices an operation started now would be for. */
    public DeviceTargets targets() {
        if (targetMode.get() == TargetMode.QUERY) {
            return DeviceTargets.matching(shownCondition(), Math.max(0, matchingCount()));
        }
        return DeviceTargets.selection(List.copyOf(selection.deviceIds()));
    }

    /**
     * What to ask before sending, or null when nothing needs asking (a reboot, a firmware update or a method on
     * one device). Factory reset always asks, naming the count; any operation on several devices asks, naming the
     * count and, for a hub tier, how long the job takes to reach them all.
     */
    public Confirmation confirmation(OperationRequest request) {
        DeviceTargets targets = targets();
        long n = targets.count();
        String devices = n == 1 ? "1 device" : number(n) + " devices";
        boolean reset = request.kind() == OperationKind.FACTORY_RESET;
        if (!reset && targets.isSingleDevice()) {
            return null;
        }
        String what = switch (request.kind()) {
            case REBOOT -> "Reboot " + devices;
            case FACTORY_RESET -> "Factory reset " + devices;
            case FIRMWARE_UPDATE -> "Update " + devices + " to firmware " + request.targetVersion();
            case METHOD -> "Call " + request.methodName() + " on " + devices;
        };
        StringBuilder text = new StringBuilder();
        if (reset) {
            text.append(n == 1 ? "The device erases" : "Each of the " + devices + " erases")
                    .append(" its settings, operation history and custom reported properties, returns to its factory "
                            + "firmware and reboots. This cannot be undone.\n\n");
        }
        text.append("Targets: ").append(targets.describe()).append(".\n");
        if (!targets.isSingleDevice()) {
            text.append("The hub runs this as a scheduled job, one direct method call per device");
            HubTier t = tier.get();
            if (t.isUnlimited()) {
                text.append(", without a quota (").append(t.describe().toLowerCase(Locale.ROOT)).append(" hub tier).");
            } else {
                String rate = t.jobDeviceRate().map(r -> r.permits() + " devices per "
                        + (r.window().toSeconds() == 60 ? "minute" : "second")).orElse("");
                text.append(". On an IoT Hub ").append(t.describe()).append(" the job calls ").append(rate)
                        .append(": about ").append(readable(t.jobDispatchTime(n)))
                        .append(" to reach all ").append(devices).append(", then the devices' own time.");
                if (t.maxConcurrentJobs() < 5) {
                    text.append(" This tier runs one job at a time.");
                }
            }
        }
        return new Confirmation(request.kind().displayName(), what + "?", text.toString().strip(), what,
                code(request));
    }

    /**
     * The operation on the current targets as code (Copy as code): a direct call for one device, a job otherwise, as
     * the launcher sends it; null without a hub.
     */
    public CodeSnippet code(OperationRequest request) {
        HubConnection hub = connection.get();
        if (hub == null) {
            return null;
        }
        DeviceTargets targets = targets();
        if (targets.isSingleDevice()) {
            return CopyAsCode.directMethod(hub.endpoint(), targets.deviceIds().get(0), request.methodName(),
                    request.payloadJson(), request.responseTimeoutSeconds(), request.connectTimeoutSeconds());
        }
        return CopyAsCode.methodJob(hub.endpoint(), targets.jobCondition(), request.methodName(), request.payloadJson(),
                request.responseTimeoutSeconds(), request.connectTimeoutSeconds(),
                OperationLauncher.maxExecution(request, targets.count(), tier.get()).toSeconds());
    }

    /** Sends the operation to the current targets; false (and the status says why) when it could not be sent. */
    public boolean start(OperationRequest request) {
        DeviceTargets targets = targets();
        try {
            launcher.start(request, targets);
            status.set(request.title() + " sent to " + targets.describe() + ".");
            return true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            status.set(e.getMessage());
            return false;
        }
    }

    private long targetCount() {
        return targetMode.get() == TargetMode.QUERY ? Math.max(0, matchingCount()) : selection.deviceIds().size();
    }

    private void rememberCount(long count) {
        if (count >= 0) {
            countedQuery = shownQuery.get();
            lastCount = count;
        }
    }

    /** The hub's count for the shown query, or the last one while a refresh of the same query counts again. */
    private long matchingCount() {
        long now = matchingCount.get();
        if (now >= 0) {
            return now;
        }
        return countedQuery.equals(shownQuery.get()) ? lastCount : -1;
    }

    private String shownCondition() {
        try {
            return DeviceQuery.parse(shownQuery.get()).condition();
        } catch (InvalidDeviceQueryException e) {
            return "";
        }
    }

    static String readable(Duration d) {
        long s = Math.max(1, d.toSeconds());
        if (s < 90) {
            return s + " s";
        }
        if (s < 5400) {
            return Math.round(s / 60.0) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
