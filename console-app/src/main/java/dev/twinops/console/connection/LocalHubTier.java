package dev.twinops.console.connection;

import java.util.Optional;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;

/**
 * The throttling a local hub applies: none, or IoT Hub's published limits for units of a tier. The embedded hub
 * is started with one; any local hub states its own in {@code connection.json} ({@code tier}, {@code units}).
 *
 * @param tier  null when the hub throttles nothing
 * @param units 1 to the tier's maximum; 0 when unlimited
 */
public record LocalHubTier(IotHubTier tier, int units) {

    public static final LocalHubTier UNLIMITED = new LocalHubTier(null, 0);

    /** @throws IllegalArgumentException for units outside the tier's range (F1: 1, S1/S2: 1-200, S3: 1-10) */
    public LocalHubTier {
        if (tier == null) {
            units = 0;
        } else {
            TierLimits.of(tier, units); // checks the units
        }
    }

    public static LocalHubTier of(IotHubTier tier, int units) {
        return new LocalHubTier(tier, units);
    }

    public boolean isUnlimited() {
        return tier == null;
    }

    public Optional<IotHubTier> optionalTier() {
        return Optional.ofNullable(tier);
    }

    /**
     * Reads what a hub wrote: {@code "unlimited"} or a tier name with its units.
     *
     * @throws IllegalArgumentException naming the accepted tiers, or the units' range
     */
    public static LocalHubTier parse(String tier, int units) {
        if (tier == null || tier.isBlank() || tier.strip().equalsIgnoreCase("unlimited")) {
            return UNLIMITED;
        }
        return of(IotHubTier.parse(tier), units);
    }

    /** What the settings file remembers; unlimited when nothing (or nothing valid) is remembered. */
    public static LocalHubTier saved(String tier, Integer units) {
        try {
            return parse(tier, units == null ? 1 : units);
        } catch (IllegalArgumentException e) {
            return UNLIMITED;
        }
    }

    /** "unlimited" or the tier's name, as {@code connection.json} and the settings file hold it. */
    public String tierName() {
        return tier == null ? "unlimited" : tier.name();
    }

    /** "Unlimited", "S1, 1 unit", "S3, 2 units". */
    public String describe() {
        return tier == null ? "Unlimited" : tier.name() + ", " + units + (units == 1 ? " unit" : " units");
    }

    @Override
    public String toString() {
        return describe();
    }
}
