package dev.twinops.console.operations;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.LocalHubTier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The hub tier the console assumes, which paces progress queries and sizes job estimates. A local hub states the
 * tier it throttles as (the embedded hub's chosen tier, or an opened hub's connection.json), and then that is the
 * tier: there is nothing to set twice. For Azure, which does not say, it is the operator's choice for that hub
 * (S1 until chosen, or {@code -Dtwinops.hub.tier=S3x2}); so is it for a local hub too old to state its tier
 * (unlimited until chosen).
 */
public final class HubTierSetting {

    public static final String TIER_PROPERTY = "twinops.hub.tier";

    private final HubTier configured;
    private final Map<String, HubTier> chosenPerHub = new HashMap<>();
    private final ReadOnlyObjectWrapper<HubTier> tier = new ReadOnlyObjectWrapper<>(this, "tier", HubTier.UNLIMITED);
    private final ReadOnlyBooleanWrapper statedByHub = new ReadOnlyBooleanWrapper(this, "statedByHub");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private String hubName;

    /** @param configured a tier fixed by configuration for hubs that do not state theirs, or null */
    public HubTierSetting(HubTier configured) {
        this.configured = configured;
        if (configured != null) {
            tier.set(configured);
        }
        // the summary stays empty until a hub is connected: before that nothing is known about it
    }

    /** Reads {@value #TIER_PROPERTY}; an unreadable value is reported and ignored. */
    public static HubTierSetting fromSystemProperties() {
        String text = System.getProperty(TIER_PROPERTY);
        if (text == null || text.isBlank()) {
            return new HubTierSetting(null);
        }
        try {
            return new HubTierSetting(HubTier.parse(text));
        } catch (IllegalArgumentException e) {
            HubTierSetting setting = new HubTierSetting(null);
            setting.problem.set(e.getMessage());
            return setting;
        }
    }

    /** The console's view of a hub's own statement. */
    public static HubTier of(LocalHubTier stated) {
        return stated.optionalTier().map(t -> HubTier.of(t, stated.units())).orElse(HubTier.UNLIMITED);
    }

    public ReadOnlyObjectProperty<HubTier> tierProperty() {
        return tier.getReadOnlyProperty();
    }

    public HubTier tier() {
        return tier.get();
    }

    /** True when the hub in use states its tier, so the operator has nothing to choose. */
    public ReadOnlyBooleanProperty statedByHubProperty() {
        return statedByHub.getReadOnlyProperty();
    }

    /** For the status bar: "Tier S1, 1 unit (the hub's)" or "Tier S1, 1 unit (assumed; ...)"; "" before a hub. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the last typed tier was not taken; "" when it was. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * The operator's choice for a hub that does not state its tier, e.g. "S1", "S3x2", "unlimited"; kept for that
     * hub while the console runs. False (with a problem) if it does not parse or the hub states its own.
     */
    public boolean choose(String text) {
        if (statedByHub.get()) {
            problem.set("This hub throttles as " + tier.get().describe() + " and says so; for the local hub, choose "
                    + "its tier in Hub > Local hub tier...");
            return false;
        }
        try {
            HubTier chosen = HubTier.parse(text);
            tier.set(chosen);
            if (hubName != null) {
                chosenPerHub.put(hubName, chosen);
            }
            problem.set("");
            if (hubName != null) {
                describe();
            }
            return true;
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return false;
        }
    }

    /** A new hub (or the same one restarted): its stated tier, else the choice made for it, else the default. */
    public void hubChanged(HubConnection hub) {
        if (hub == null) {
            return;
        }
        hubName = hub.displayName();
        Optional<LocalHubTier> stated = hub.tier();
        statedByHub.set(stated.isPresent());
        if (stated.isPresent()) {
            tier.set(of(stated.get()));
        } else if (chosenPerHub.containsKey(hubName)) {
            tier.set(chosenPerHub.get(hubName));
        } else if (configured != null) {
            tier.set(configured);
        } else {
            tier.set(hub.kind() == HubConnection.Kind.LOCAL ? HubTier.UNLIMITED : HubTier.parse("S1"));
        }
        problem.set("");
        describe();
    }

    private void describe() {
        String text = "Tier " + tier.get().describe();
        summary.set(statedByHub.get() ? text + " (the hub's)" : text + " (assumed; choose it in Progress)");
    }
}
