package dev.twinops.rollout.store;

import dev.twinops.rollout.engine.RolloutState;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where rollout states are kept between transitions, so a new engine carries on from where one stopped. */
public interface RolloutStore {

    void save(RolloutState state) throws IOException;

    Optional<RolloutState> load(String rolloutId) throws IOException;

    /** The ids of the saved rollouts. */
    List<String> list() throws IOException;

    /**
     * Takes the exclusive lease on a rollout before running it (creating, resuming or aborting it); hold it while
     * the rollout runs and close it when the runner stops.
     *
     * @param holder what runs it, for the message another runner gets ("the console", "rollout-engine.jar run")
     * @throws RolloutLeasedException if another runner holds it
     */
    RolloutLease lease(String rolloutId, String holder) throws IOException;
}
