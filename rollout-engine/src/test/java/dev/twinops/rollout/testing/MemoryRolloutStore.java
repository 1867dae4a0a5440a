package dev.twinops.rollout.testing;

import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.rollout.store.RolloutLeasedException;
import dev.twinops.rollout.store.RolloutStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps saved states as JSON text, and every save in order (for restarting from each one). */
public final class MemoryRolloutStore implements RolloutStore {

    private final Map<String, String> latest = new LinkedHashMap<>();
    private final List<String> history = new ArrayList<>();
    private final Set<String> leased = ConcurrentHashMap.newKeySet();

    @Override
    public void save(RolloutState state) {
        String json = FileRolloutStore.toJson(state);
        latest.put(state.rolloutId, json);
        history.add(json);
    }

    @Override
    public Optional<RolloutState> load(String rolloutId) throws IOException {
        String json = latest.get(rolloutId);
        return json == null ? Optional.empty() : Optional.of(FileRolloutStore.fromJson(json));
    }

    @Override
    public List<String> list() {
        return List.copyOf(latest.keySet());
    }

    @Override
    public RolloutLease lease(String rolloutId, String holder) {
        if (!leased.add(rolloutId)) {
            throw new RolloutLeasedException(rolloutId, ProcessHandle.current().pid(), null, true);
        }
        return new RolloutLease() {
            @Override
            public String rolloutId() {
                return rolloutId;
            }

            @Override
            public void close() {
                leased.remove(rolloutId);
            }
        };
    }

    public List<String> history() {
        return List.copyOf(history);
    }
}
