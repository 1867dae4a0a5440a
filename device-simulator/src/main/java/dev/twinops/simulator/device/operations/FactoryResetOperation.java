package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.FactoryResetRequest;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.reported.FactoryResetState;
import dev.twinops.dm.reported.FactoryResetStatus;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;
import java.time.Instant;
import java.util.Map;

/**
 * {@code factoryReset}: resetting (erasing for the apply time) -> rebooting with the flash erased -> offline for the
 * boot time -> completed with {@code lastFactoryReset}.
 */
public final class FactoryResetOperation implements DeviceOperation<FactoryResetState> {

    private final OperationHost host;

    public FactoryResetOperation(OperationHost host) {
        this.host = host;
    }

    @Override
    public DmMethod method() {
        return DmMethod.FACTORY_RESET;
    }

    @Override
    public OperationSteps read(String payloadJson) {
        return new Steps(MethodRequests.parseFactoryReset(payloadJson));
    }

    @Override
    public FactoryResetState rememberedIn(ReportedDeviceState twin) {
        return twin.iothubDM().factoryReset();
    }

    @Override
    public FactoryResetState afterRestart(FactoryResetState remembered, Instant now, OperationError cutOff) {
        if (remembered != null && remembered.status() != null && !remembered.status().isTerminal()
                && remembered.status() != FactoryResetStatus.UNKNOWN) {
            return new FactoryResetState(FactoryResetStatus.FAILED, remembered.operationId(), remembered.startedAt(),
                    remembered.lastFactoryReset(), cutOff);
        }
        return remembered;
    }

    @Override
    public Map<String, Object> report(FactoryResetState state) {
        return ReportedPatches.factoryReset(state);
    }

    private Instant lastFactoryReset() {
        FactoryResetState last = host.flash().lastState(this);
        return last == null ? null : last.lastFactoryReset();
    }

    private Map<String, Object> record(FactoryResetState state) {
        host.flash().remember(this, state);
        return report(state);
    }

    private final class Steps implements OperationSteps {
        private final FactoryResetRequest request;

        Steps(FactoryResetRequest request) {
            this.request = request;
        }

        @Override
        public String requestedOperationId() {
            return request.operationId();
        }

        @Override
        public void start(OperationRun run) {
            host.phase(run, () -> record(new FactoryResetState(FactoryResetStatus.RESETTING, run.id(),
                    run.startedAt(), lastFactoryReset(), null)),
                    () -> run.later(host.settings().applyTime(), () -> eraseAndReboot(run)));
        }

        private void eraseAndReboot(OperationRun run) {
            host.phase(run, () -> {
                Map<String, Object> patch = host.restoreFactoryState(method());
                ReportedPatches.mergeInto(patch, record(new FactoryResetState(FactoryResetStatus.REBOOTING, run.id(),
                        run.startedAt(), lastFactoryReset(), null)));
                return patch;
            }, () -> host.powerCycle(run, () -> record(new FactoryResetState(FactoryResetStatus.COMPLETED, run.id(),
                    run.startedAt(), host.now(), null)), () -> host.finish(run)));
        }

        @Override
        public Map<String, Object> failed(OperationRun run, OperationError error, Instant now) {
            return record(new FactoryResetState(FactoryResetStatus.FAILED, run.id(), run.startedAt(),
                    lastFactoryReset(), error));
        }
    }
}
