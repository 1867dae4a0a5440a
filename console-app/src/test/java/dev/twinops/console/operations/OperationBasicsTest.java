package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Targets, tiers, outcomes in words and job ids. */
class OperationBasicsTest {

    @Test
    void targetsBecomeJobConditions() {
        assertThat(DeviceTargets.selection(List.of("a", "o'neil", "back\\slash")).jobCondition())
                .isEqualTo("deviceId IN ['a', 'o\\'neil', 'back\\\\slash']");
        assertThat(DeviceTargets.matching("", 7).jobCondition()).isEqualTo("IS_DEFINED(deviceId)");
        assertThat(DeviceTargets.matching("tags.ring = 'canary'", 50).jobCondition()).isEqualTo("tags.ring = 'canary'");
        assertThat(DeviceTargets.matching("", 1200).describe()).isEqualTo("all 1,200 devices");
        assertThat(DeviceTargets.selection(List.of("a")).isSingleDevice()).isTrue();
        assertThat(DeviceTargets.matching("deviceId = 'a'", 1).isSingleDevice()).isFalse();
    }

    @Test
    void tiersParseAndPaceJobs() {
        assertThat(HubTier.parse("unlimited").isUnlimited()).isTrue();
        assertThat(HubTier.parse("s3x2").code()).isEqualTo("S3x2");
        assertThat(HubTier.parse("S1").jobDispatchTime(1200)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HubTier.parse("S3").jobDispatchTime(1200)).isEqualTo(Duration.ofSeconds(24));
        assertThat(HubTier.UNLIMITED.jobDispatchTime(1_000_000)).isZero();
        assertThatThrownBy(() -> HubTier.parse("S4")).hasMessageContaining("use unlimited, F1, S1, S2 or S3");
        assertThatThrownBy(() -> HubTier.parse("S3x11")).hasMessageContaining("1 to 10 units");
    }

    @Test
    void outcomesInWordsAnOperatorUnderstands() {
        assertThat(new MethodOutcome.HubError("d", 504101, "x", 30, 0).describe())
                .isEqualTo("d did not answer within 30 s (504101). It may still carry the operation out; its reported "
                        + "state is watched until the deadline.");
        assertThat(new MethodOutcome.HubError("d", 404103, "x", 30, 20).describe())
                .isEqualTo("d is offline (404103): it was not connected within the 20 s connect timeout. Nothing was sent to it.");
        assertThat(new MethodOutcome.Answered("d", 409,
                "{\"code\":\"BUSY\",\"operationId\":\"op-1\",\"method\":\"firmwareUpdate\",\"reason\":\"...\"}").describe())
                .isEqualTo("d is busy (409): firmwareUpdate op-1 is still running");
        assertThat(new MethodOutcome.Answered("d", 200, "{\"code\":\"ACCEPTED\",\"operationId\":\"op-2\"}").describe())
                .isEqualTo("d accepted (status 200, operation op-2)");
        assertThat(new MethodOutcome.Answered("d", 200, "{\"temperature\":21.5}").describe())
                .isEqualTo("d answered 200: {\"temperature\":21.5}");
    }

    @Test
    void jobIdsAreReadableAndFitIotHubsLimit() {
        OperationRequest longName = OperationRequest.method("m".repeat(128), "{}", 30, 0);
        String id = OperationLauncher.jobId(longName, Instant.parse("2026-03-01T10:02:00Z"));
        assertThat(id).hasSize(OperationLauncher.MAX_JOB_ID).contains("-20260301-100200-");
        assertThat(OperationLauncher.jobId(OperationRequest.reboot(), Instant.parse("2026-03-01T10:02:00Z")))
                .matches("reboot-20260301-100200-[0-9a-f]{6}");
    }

    @Test
    void retryingIsTheSameOperationUnderANewId() {
        OperationRequest first = OperationRequest.firmwareUpdate("https://fw.example/p.bin", "f".repeat(64), "3.0.0");
        OperationRequest again = first.again();
        assertThat(again.operationId()).isNotEqualTo(first.operationId());
        assertThat(again.payloadJson()).contains(again.operationId()).contains("https://fw.example/p.bin");
        assertThat(again.targetVersion()).isEqualTo("3.0.0");
    }
}
