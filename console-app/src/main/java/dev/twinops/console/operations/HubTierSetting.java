package dev.twinops.console.operations;

import dev.twinops.console.connection.HubConnection;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The hub tier the console assumes, which paces progress queries and sizes job estimates. Unlimited for the
 * local hub and S1 for Azure until the operator says otherwise (or {@code -Dtwinops.hub.tier=S3x2} sets it).
 */
public final class HubTierSetting {

    public static final String TIER_PROPERTY = "twinops.hub.tier";

    private final HubTier configured;
    private final ReadOnlyObjectWrapper<HubTier> tier = new ReadOnlyObjectWrapper<>(this, "tier", HubTier.UNLIMITED);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    /** @param configured a tier fixed by configuration, or null to follow the hub kind */
    public HubTierSetting(HubTier configured) {
        this.configured = configured;
        if (configured != null) {
            tier.set(configured);
        }
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

    public ReadOnlyObjectProperty<HubTier> tierProperty() {
        return tier.getReadOnlyProperty();
    }

    public HubTier tier() {
        return tier.get();
    }

    /** Why the last typed tier was not taken; "" when it was. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The operator's choice, e.g. "S1", "S3x2", "unlimited"; false (with a problem) if it does not parse. */
    public boolean choose(String text) {
        try {
            tier.set(HubTier.parse(text));
            problem.set("");
            return true;
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return false;
        }
    }

    /** A new hub: its kind decides the tier (a choice made for the previous hub is replaced). */
    public void hubChanged(HubConnection hub) {
        if (configured != null || hub == null) {
            return;
        }
        tier.set(hub.kind() == HubConnection.Kind.LOCAL ? HubTier.UNLIMITED : HubTier.parse("S1"));
    }
}
