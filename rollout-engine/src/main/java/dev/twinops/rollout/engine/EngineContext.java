package dev.twinops.rollout.engine;

import dev.twinops.rollout.audit.AuditEvent;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.hub.HubHost;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.WaveSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the engine's parts share: the state, the hub, the clock, the query budget, the journal. */
final class EngineContext {

    private static final Logger LOG = LoggerFactory.getLogger(EngineContext.class);

    final RolloutState state;
    final RolloutHub hub;
    final Clock clock;
    final EngineSettings settings;
    final QueryBudget budget;
    private final AuditJournal journal;
    private final Consumer<String> transitions;
    private long queriesSeen;
    int queriesThisTick;
    boolean dirty;

    EngineContext(RolloutState state, RolloutHub hub, Clock clock, EngineSettings settings, AuditJournal journal,
                  Consumer<String> transitions) {
        this.state = state;
        this.hub = hub;
        this.clock = clock;
        this.settings = settings;
        this.budget = new QueryBudget(settings.queriesPerMinute());
        this.journal = journal;
        this.transitions = transitions;
        this.queriesSeen = hub.queriesUsed();
    }

    String rolloutId() {
        return state.rolloutId;
    }

    OperationSpec operation() {
        return state.plan.operation();
    }

    WaveSpec spec(WaveState wave) {
        return state.plan.waves().get(wave.index);
    }

    /** The wave number in the hub's tags and in job ids: 1 for the first wave. */
    static int hubWave(WaveState wave) {
        return wave.index + 1;
    }

    /** The operation id every device of this wave attempt reports its progress under. */
    String operationId(WaveState wave) {
        return state.rolloutId + "-w" + hubWave(wave) + "-a" + wave.attempt;
    }

    /** Takes note of the queries the hub sent since the last look: budget, totals. */
    int accountQueries(Instant now) {
        long used = hub.queriesUsed();
        int delta = (int) Math.max(0, used - queriesSeen);
        queriesSeen = used;
        budget.record(delta, now);
        state.queriesTotal += delta;
        WaveState current = state.wave();
        if (current != null) {
            current.queries += delta;
        }
        queriesThisTick += delta;
        return delta;
    }

    /** Counts one Jobs API call (create, get, cancel), which IoT Hub throttles per minute apart from queries. */
    void jobOperation() {
        state.jobOperationsTotal++;
        WaveState current = state.wave();
        if (current != null) {
            current.jobOperations++;
        }
    }

    void transition(String message) {
        transitions.accept(message);
    }

    void audit(AuditEvent event) {
        if (journal == null) {
            return;
        }
        try {
            journal.append(event);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not write to the audit journal {}: {}", journal.file(), e.toString());
        }
    }

    /** The journal names the hub as the console's single operations do: {@link HubHost#of}. */
    AuditEvent event(String action) {
        return AuditEvent.of(action, HubHost.of(state.hubHostName)).detail("rollout", state.rolloutId);
    }
}
