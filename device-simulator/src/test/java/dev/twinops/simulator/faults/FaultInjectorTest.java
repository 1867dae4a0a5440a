package dev.twinops.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinops.dm.DmMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void noneProfileNeverInjects() {
        FaultInjector none = new FaultInjector(FaultSettings.NONE, 1, "d");
        for (int i = 0; i < 100; i++) {
            assertThat(none.draw(DmMethod.FIRMWARE_UPDATE)).isEqualTo(FaultPlan.NONE);
        }
    }

    @Test
    void probabilityOneAlwaysInjectsAndOnlyOneOperationFaultAtATime() {
        FaultSettings all = FaultSettings.NONE.with(FaultKind.CHECKSUM_MISMATCH, 1).with(FaultKind.APPLY_FAILURE, 1);
        FaultInjector injector = new FaultInjector(all, 1, "d");
        for (int i = 0; i < 20; i++) {
            FaultPlan plan = injector.draw(DmMethod.FIRMWARE_UPDATE);
            assertThat(plan.operationFault()).isEqualTo(FaultKind.CHECKSUM_MISMATCH);
            assertThat(plan.atFraction()).isBetween(0.2, 0.8);
        }
        // firmware faults do not apply to a reboot
        assertThat(injector.draw(DmMethod.REBOOT).operationFault()).isNull();
    }

    /** The rollout end-to-end tests rely on this fleet failing on exactly one device, whichever are drawn first. */
    @Test
    void aFlakyFleetOfSixtyWithSeed185HasExactlyOneFaultyFirmwareUpdate() {
        Map<String, FaultPlan> faulty = new java.util.TreeMap<>();
        for (int i = 1; i <= 60; i++) {
            String id = String.format("flk-%04d", i);
            FaultPlan plan = new FaultInjector(FaultSettings.of(FaultProfile.FLAKY), 185, id)
                    .draw(DmMethod.FIRMWARE_UPDATE);
            if (plan.refuse() || plan.slowResponse() || plan.operationFault() != null) {
                faulty.put(id, plan);
            }
        }
        assertThat(faulty).containsOnlyKeys("flk-0012");
        assertThat(faulty.get("flk-0012").operationFault()).isEqualTo(FaultKind.APPLY_FAILURE);
    }

    @Test
    void chaosRatesRoughlyMatchTheProfileAcrossDevices() {
        FaultSettings chaos = FaultSettings.of(FaultProfile.CHAOS);
        int refused = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            if (new FaultInjector(chaos, 99, "dev-" + i).draw(DmMethod.REBOOT).refuse()) {
                refused++;
            }
        }
        assertThat(refused / (double) n).isBetween(0.07, 0.13);
    }

    @Test
    void overridesAreParsedWithClearErrors() {
        Map.Entry<FaultKind, Double> e = FaultSettings.parseOverride("download_failure=0.5");
        assertThat(e.getKey()).isEqualTo(FaultKind.DOWNLOAD_FAILURE);
        assertThat(e.getValue()).isEqualTo(0.5);
        assertThatThrownBy(() -> FaultSettings.parseOverride("meteor-strike=0.1"))
                .hasMessageContaining("unknown fault 'meteor-strike'").hasMessageContaining("download-failure");
        assertThatThrownBy(() -> FaultSettings.parseOverride("hang=2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FaultSettings.parseOverride("hang")).hasMessageContaining("NAME=PROBABILITY");
        assertThatThrownBy(() -> FaultSettings.parseOverride("hang=often")).hasMessageContaining("not a number");
        assertThat(FaultSettings.of(FaultProfile.FLAKY).with(FaultKind.HANG, 0).probability(FaultKind.HANG)).isZero();
    }
}
