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
}
