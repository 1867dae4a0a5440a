package dev.twinops.rollout.rehearsal;

import dev.twinops.limits.OperationClass;
import dev.twinops.limits.TierLimits;
import java.util.regex.Pattern;

/**
 * What to copy: the devices of a query condition (null: every device), all of them or a 1/{@code scale} sample,
 * optionally under mapped ids ({@code idPrefix} + source id), read within a query budget on the source.
 *
 * @param condition       a twin query's WHERE part, e.g. {@code tags.site = 'plant-north'}; null or blank: all
 * @param scale           1 copies every device; N a deterministic, stratified 1/N sample ({@link FleetSample})
 * @param idPrefix        put before each id on the rehearsal hub, or null to keep the ids
 * @param sourceTier      the source hub's tier and units, for the estimate's time; null when unknown (unlimited)
 * @param queriesPerMinute the copy's query budget on the source; 0 for none
 */
public record CopyRequest(String condition, int scale, String idPrefix, TierLimits sourceTier, int queriesPerMinute) {

    /** IoT Hub device ids: up to 128 of these characters. */
    static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-.:+%_#*?!(),=@$']*");
    static final int MAX_ID_LENGTH = 128;

    public CopyRequest {
        if (scale < 1) {
            throw new IllegalArgumentException("the scale factor must be 1 (every device) or more, not " + scale);
        }
        if (queriesPerMinute < 0) {
            throw new IllegalArgumentException("the query budget must be 0 (none) or positive, not "
                    + queriesPerMinute);
        }
        if (idPrefix != null && (idPrefix.isEmpty() || idPrefix.length() > 64
                || !ID_CHARACTERS.matcher(idPrefix).matches())) {
            throw new IllegalArgumentException("the id prefix must be 1-64 characters allowed in IoT Hub device ids "
                    + "(letters, digits and - . : + % _ # * ? ! ( ) , = @ $ '), not '" + idPrefix + "'");
        }
        condition = condition == null || condition.isBlank() ? null : condition.strip();
    }

    /** Every device of the condition, ids kept, at the default budget of the tier (or none). */
    public static CopyRequest of(String condition, int scale, TierLimits sourceTier) {
        return new CopyRequest(condition, scale, null, sourceTier, defaultBudget(sourceTier));
    }

    public CopyRequest withIdPrefix(String prefix) {
        return new CopyRequest(condition, scale, prefix, sourceTier, queriesPerMinute);
    }

    public CopyRequest withQueriesPerMinute(int budget) {
        return new CopyRequest(condition, scale, idPrefix, sourceTier, budget);
    }

    /**
     * Three quarters of the tier's twin queries a minute (S1: 15 of 20 per unit), leaving the rest to the tools that
     * run on the real hub meanwhile; 0 (none) when the tier is unknown.
     */
    public static int defaultBudget(TierLimits tier) {
        if (tier == null) {
            return 0;
        }
        int permits = tier.limit(OperationClass.QUERIES).permits();
        return Math.max(1, permits * 3 / 4);
    }

    /** The id a source device gets on the rehearsal hub. */
    public String mappedId(String sourceId) {
        return idPrefix == null ? sourceId : idPrefix + sourceId;
    }
}
