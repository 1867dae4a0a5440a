package dev.twinops.console.connection;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.OperationClass;
import dev.twinops.limits.TierLimits;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * "Local hub tier...": which of IoT Hub's tiers the embedded hub plays (unlimited, F1, S1, S2, S3 with units within
 * the tier's published range). Applying restarts the hub with that throttling and remembers the choice; what runs
 * on the hub (a simulated fleet, rollouts) is named first so the operator can confirm.
 */
public final class LocalHubTierViewModel {

    /** The choices in the order offered. */
    public static final List<String> TIERS = List.of("Unlimited", "F1", "S1", "S2", "S3");

    private final ConnectionViewModel connection;
    private final Supplier<String> runningOnLocalHub;
    private final Consumer<LocalHubTier> remember;

    private final ObjectProperty<String> tierName = new SimpleObjectProperty<>(this, "tierName", TIERS.get(0));
    private final IntegerProperty units = new SimpleIntegerProperty(this, "units", 1);
    private final ReadOnlyIntegerWrapper maxUnits = new ReadOnlyIntegerWrapper(this, "maxUnits", 1);
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ReadOnlyStringWrapper limits = new ReadOnlyStringWrapper(this, "limits", "");

    /**
     * @param current           the tier the embedded hub plays now
     * @param runningOnLocalHub what a restart would interrupt, e.g. "A simulated fleet runs on it.", or ""
     * @param remember          keeps the applied tier for the next start of the console
     */
    public LocalHubTierViewModel(ConnectionViewModel connection, LocalHubTier current,
                                 Supplier<String> runningOnLocalHub, Consumer<LocalHubTier> remember) {
        this.connection = Objects.requireNonNull(connection);
        this.runningOnLocalHub = Objects.requireNonNull(runningOnLocalHub);
        this.remember = Objects.requireNonNull(remember);
        tierName.addListener((obs, old, name) -> {
            int max = tier(name) == null ? 1 : tier(name).maxUnits();
            maxUnits.set(max);
            units.set(Math.max(1, Math.min(units.get(), max)));
        });
        tierName.addListener(obs -> limits.set(describeLimits()));
        units.addListener(obs -> limits.set(describeLimits()));
        tierName.set(current.isUnlimited() ? TIERS.get(0) : current.tier().name());
        units.set(current.isUnlimited() ? 1 : current.units());
        limits.set(describeLimits());
        warning.set(runningOnLocalHub.get());
    }

    public ObjectProperty<String> tierNameProperty() {
        return tierName;
    }

    public IntegerProperty unitsProperty() {
        return units;
    }

    /** The most units the chosen tier has (F1: 1, S1/S2: 200, S3: 10; 1 when unlimited). */
    public ReadOnlyIntegerProperty maxUnitsProperty() {
        return maxUnits.getReadOnlyProperty();
    }

    /** True when units mean something (S1, S2, S3). */
    public BooleanBinding unitsApplyProperty() {
        return Bindings.createBooleanBinding(() -> maxUnits.get() > 1, maxUnits);
    }

    /** The chosen tier's main limits, e.g. "Twin queries: 20 per minute. ... Jobs reach 10 devices per second, 1 job at a time." */
    public ReadOnlyStringProperty limitsProperty() {
        return limits.getReadOnlyProperty();
    }

    /** What a restart interrupts now; "" when nothing runs on the local hub. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** The tier as chosen. */
    public LocalHubTier chosen() {
        IotHubTier tier = tier(tierName.get());
        // within the tier's range even while the units are being clamped after a tier change
        return tier == null ? LocalHubTier.UNLIMITED
                : LocalHubTier.of(tier, Math.max(1, Math.min(units.get(), tier.maxUnits())));
    }

    /** Restarts the embedded hub as the chosen tier and remembers it. */
    public void apply() {
        LocalHubTier tier = chosen();
        remember.accept(tier);
        connection.applyLocalHubTier(tier);
    }

    /**
     * What restarting the embedded hub would interrupt, for the confirmation: "" unless {@code active} is the
     * embedded hub and a fleet or rollouts run on it.
     */
    public static String whatARestartInterrupts(HubConnection active, boolean fleetRunning, long rolloutsRunning) {
        if (active == null || active.kind() != HubConnection.Kind.LOCAL || active.openedFrom().isPresent()) {
            return "";
        }
        String fleet = fleetRunning ? "A simulated fleet runs on the local hub: its devices disconnect and reconnect. "
                : "";
        String rollouts = rolloutsRunning == 0 ? "" : rolloutsRunning + (rolloutsRunning == 1
                ? " rollout runs on it: its hub calls fail" : " rollouts run on it: their hub calls fail")
                + " while it restarts.";
        return (fleet + rollouts).strip();
    }

    private String describeLimits() {
        LocalHubTier chosen = chosen();
        if (chosen.isUnlimited()) {
            return "No throttling: every request is served at once.";
        }
        TierLimits tierLimits = TierLimits.of(chosen.tier(), chosen.units());
        int jobs = tierLimits.maxConcurrentJobs();
        return "Twin queries: " + tierLimits.limit(OperationClass.QUERIES).describe() + ". Twin updates: "
                + tierLimits.limit(OperationClass.TWIN_UPDATES).describe() + ". Jobs reach "
                + tierLimits.limit(OperationClass.JOB_DEVICE_OPERATIONS).describe().replace(" per ", " devices per ")
                + ", " + jobs + (jobs == 1 ? " job at a time." : " jobs at a time.");
    }

    private static IotHubTier tier(String name) {
        return name == null || name.equals(TIERS.get(0)) ? null : IotHubTier.parse(name);
    }
}
