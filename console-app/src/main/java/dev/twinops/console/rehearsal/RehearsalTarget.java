package dev.twinops.console.rehearsal;

import dev.twinops.rollout.rehearsal.RehearsalHub;

/** The hub copies go to: the console's embedded local hub, started if it is not running. Blocking. */
@FunctionalInterface
public interface RehearsalTarget {

    RehearsalHub start() throws Exception;
}
