package dev.twinops.rollout.rehearsal;

import java.time.Duration;
import java.util.Map;

/**
 * What a copy did.
 *
 * @param shape       what was written (its devices under their rehearsal ids); write it with {@link FleetShape#write}
 * @param read        devices read from the source
 * @param created     devices created on the rehearsal hub
 * @param existing    devices that were there already (their tags were written all the same)
 * @param tagged      devices whose tags were written
 * @param refused     devices the rehearsal hub refused, id to reason; left out of the shape
 * @param queries     queries sent to the source
 * @param took        how long the copy took
 */
public record CopyResult(FleetShape shape, int read, int created, int existing, int tagged,
                         Map<String, String> refused, long queries, Duration took) {
}
