package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.MethodRequests;
import dev.twinops.dm.method.RebootRequest;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.RebootState;
import dev.twinops.dm.reported.RebootStatus;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;
import java.time.Instant;
import java.util.Map;

/**
 * {@code reboot}: rebooting (reported) -> offline for the boot time -> completed with {@code lastReboot}, in the
 * boot's own report.
 */
public final class RebootOperation implements DeviceOperation<RebootState> {

    private final OperationHost host;

    public RebootOperation(OperationHost host) {
        this.host = host;
    }

    @Override
    public DmMethod method() {
        return DmMethod.REBOOT;
    }

    @Override
    public OperationSteps read(String payloadJson) {
        return new Steps(MethodRequests.parseReboot(payloadJson));
    }

    @Override
    public RebootState rememberedIn(ReportedDeviceState twin) {
        return twin.iothubDM().reboot();
    }

    @Override
    public RebootState afterRestart(RebootState remembered, Instant now, OperationError cutOff) {
        if (remembered != null && remembered.status() == RebootStatus.REBOOTING) {
            return new RebootState(RebootStatus.FAILED, remembered.operationId(), remembered.startedAt(), now, cutOff);
        }
        return remembered;
    }

    @Override
    public Map<String, Object> report(RebootState state) {
        return ReportedPatches.reboot(state);
    }

    private RebootState last() {
        return host.flash().lastState(this);
    }

    private Map<String, Object> record(RebootState state) {
        host.flash().remember(this, state);
        return report(state);
    }

    private final class Steps implements OperationSteps {
        private final RebootRequest request;

        Steps(RebootRequest request) {
            this.request = request;
        }

        @Override
        public String requestedOperationId() {
            return request.operationId();
        }

        @Override
        public void start(OperationRun run) {
            host.phase(run, () -> record(new RebootState(RebootStatus.REBOOTING, run.id(), run.startedAt(),
                    last() == null ? null : last().lastReboot(), null)),
                    () -> host.powerCycle(run, () -> record(new RebootState(RebootStatus.COMPLETED, run.id(),
                            run.startedAt(), host.now(), null)), () -> host.finish(run)));
        }

        @Override
        public Map<String, Object> failed(OperationRun run, OperationError error, Instant now) {
            // a watchdog reset is a reboot too, so it counts as the last one
            Instant lastReboot = ErrorCodes.WATCHDOG_RESET.equals(error.code()) ? now
                    : last() == null ? null : last().lastReboot();
            return record(new RebootState(RebootStatus.FAILED, run.id(), run.startedAt(), lastReboot, error));
        }
    }
}
