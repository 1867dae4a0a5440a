package dev.twinops.rollout.rehearsal;

import dev.twinops.limits.TierLimits;
import java.time.Duration;
import java.util.Locale;

/**
 * What a copy will cost before it starts, from one COUNT query on the source.
 *
 * @param sourceDevices        devices the condition matches on the source
 * @param devicesToCopy        about how many the copy writes (the sample's size at a scale above 1)
 * @param pages                query pages reading them costs ({@code pageSize} rows a page, at least one)
 * @param queries              queries on the source in all: the count (already sent) and the pages
 * @param queriesPerMinute     the budget the copy keeps to, 0 for none
 * @param timeOnBudget         how long the queries take at that budget (zero without one), network time apart
 * @param sourceTier           null when not given
 * @param registryRequests     bulk registry requests on the rehearsal hub (100 devices each)
 * @param twinUpdates          twin updates (tags) on the rehearsal hub, one a device
 */
public record CopyEstimate(String source, String condition, int scale, long sourceDevices, long devicesToCopy,
                           int pageSize, long pages, long queries, int queriesPerMinute, Duration timeOnBudget,
                           TierLimits sourceTier, long registryRequests, long twinUpdates) {

    static CopyEstimate of(String source, CopyRequest request, long sourceDevices, int pageSize) {
        long pages = Math.max(1, (sourceDevices + pageSize - 1) / pageSize);
        long queries = 1 + pages;
        int budget = request.queriesPerMinute();
        // with B queries in any sliding minute, query k (0-based, the count is k = 0) goes at minute floor(k / B)
        Duration time = budget == 0 ? Duration.ZERO : Duration.ofMinutes((queries - 1) / budget);
        long toCopy = FleetSample.expectedSize(sourceDevices, request.scale());
        return new CopyEstimate(source, request.condition(), request.scale(), sourceDevices, toCopy, pageSize, pages,
                queries, budget, time, request.sourceTier(), (toCopy + RehearsalHub.MAX_DEVICES_PER_REQUEST - 1)
                / RehearsalHub.MAX_DEVICES_PER_REQUEST, toCopy);
    }

    /** E.g. "2,000 devices match on hub.example ...; reading them costs 3 queries ...". */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d devices match %s on %s", sourceDevices,
                condition == null ? "(all devices)" : "'" + condition + "'", source));
        if (scale > 1) {
            s.append(String.format(Locale.ROOT, "; a 1/%d sample copies about %,d of them", scale, devicesToCopy));
        }
        s.append(String.format(Locale.ROOT, ". Reading them costs %,d queries on the source (1 count, %,d page%s "
                + "of up to %,d)", queries, pages, pages == 1 ? "" : "s", pageSize));
        if (queriesPerMinute > 0) {
            s.append(String.format(Locale.ROOT, ", %s at %d queries a minute", minutes(timeOnBudget),
                    queriesPerMinute));
            if (sourceTier != null) {
                s.append(" (").append(sourceTier.describe()).append(')');
            }
        }
        s.append(String.format(Locale.ROOT, ". The rehearsal hub gets %,d bulk registry request%s and %,d twin "
                + "updates. Nothing is written to the source.", registryRequests, registryRequests == 1 ? "" : "s",
                twinUpdates));
        return s.toString();
    }

    private static String minutes(Duration d) {
        return d.isZero() ? "under a minute" : "about " + d.toMinutes() + " min";
    }
}
