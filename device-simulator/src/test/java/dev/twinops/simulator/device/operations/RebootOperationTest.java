package dev.twinops.simulator.device.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.method.InvalidRequestException;
import dev.twinops.simulator.faults.FaultKind;
import dev.twinops.simulator.faults.FaultPlan;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The reboot state machine on its own: no device, no hub link, virtual time. */
class RebootOperationTest {

    private final RecordingHost host = new RecordingHost();
    private final RebootOperation reboot = new RebootOperation(host);

    private OperationRun start(String payload, FaultPlan faults) {
        OperationSteps steps = reboot.read(payload);
        OperationRun run = new OperationRun(DmMethod.REBOOT, steps.requestedOperationId(), faults, host.now(), steps,
                host, host.clock);
        run.later(Duration.ZERO, () -> steps.start(run));
        host.clock.runDue();
        return run;
    }

    @Test
    void readsTheRequestedOperationIdAndRefusesABadOne() {
        assertThat(reboot.read("{\"operationId\":\"r-7\"}").requestedOperationId()).isEqualTo("r-7");
        assertThat(reboot.read("{}").requestedOperationId()).isNull();
        Assertions.assertThatThrownBy(() -> reboot.read("{\"operationId\":\"bad id\"}"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void reportsRebootingThenPowerCyclesThenCompletes() {
        OperationRun run = start("{\"operationId\":\"r-1\"}", FaultPlan.NONE);
        assertThat(host.at("iothubDM.reboot.status")).isEqualTo("rebooting");
        assertThat(host.events).isEmpty();

        host.clock.advance(RecordingHost.GRACE.plus(RecordingHost.BOOT));

        assertThat(host.events).containsExactly("offline", "online", "finished");
        assertThat(host.at("iothubDM.reboot.status")).isEqualTo("completed");
        assertThat(host.at("iothubDM.reboot.operationId")).isEqualTo("r-1");
        assertThat(host.at("iothubDM.reboot.lastReboot")).isEqualTo("2026-03-01T10:00:05.300Z");
        assertThat(run.isActive()).isFalse();
        assertThat(host.flash.lastState(reboot).lastReboot()).isNotNull();
    }

    @Test
    void aHangInBootEndsWithAWatchdogResetThatCountsAsTheLastReboot() {
        start("{\"operationId\":\"r-2\"}", new FaultPlan(false, false, FaultKind.HANG, 0.5));
        host.clock.advance(Duration.ofSeconds(59));
        assertThat(host.at("iothubDM.reboot.status")).isEqualTo("rebooting");
        host.clock.advance(Duration.ofSeconds(2));
        assertThat(host.events).containsExactly("offline", "online", "failed WATCHDOG_RESET");
        assertThat(host.at("iothubDM.reboot.status")).isEqualTo("failed");
        assertThat(host.at("iothubDM.reboot.error.code")).isEqualTo("WATCHDOG_RESET");
        assertThat(host.at("iothubDM.reboot.lastReboot")).isEqualTo("2026-03-01T10:01:00.300Z");
    }

    @Test
    void nothingRunsOnceTheRunEnded() {
        OperationRun run = start("{}", FaultPlan.NONE);
        run.end(); // the device stopped
        host.clock.advance(Duration.ofMinutes(5));
        assertThat(host.events).isEmpty();
        assertThat(host.at("iothubDM.reboot.status")).isEqualTo("rebooting");
    }
}
