package dev.twinops.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierLimitsTest {

    @Test
    void unitsMultiplyPerUnitLimitsButNotFlatOnes() {
        TierLimits s1x3 = TierLimits.of(IotHubTier.S1, 3);
        assertThat(s1x3.limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(60));
        assertThat(s1x3.limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(100));
        assertThat(s1x3.limit(OperationClass.TWIN_UPDATES)).isEqualTo(RateLimit.perSecond(50));
        assertThat(s1x3.limit(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(RateLimit.perSecond(10));
        assertThat(s1x3.maxConcurrentJobs()).isEqualTo(1);

        TierLimits s2x20 = TierLimits.of(IotHubTier.S2, 20);
        assertThat(s2x20.limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(200));
        assertThat(s2x20.limit(OperationClass.TWIN_UPDATES)).isEqualTo(RateLimit.perSecond(100));
        assertThat(s2x20.limit(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(RateLimit.perSecond(20));
        assertThat(s2x20.maxConcurrentJobs()).isEqualTo(5);

        TierLimits s3x2 = TierLimits.of(IotHubTier.S3, 2);
        assertThat(s3x2.limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(2000));
        assertThat(s3x2.limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(1000));
        assertThat(s3x2.limit(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(RateLimit.perSecond(100));
        assertThat(s3x2.limit(OperationClass.JOB_OPERATIONS)).isEqualTo(RateLimit.perMinute(10000));
        assertThat(s3x2.maxConcurrentJobs()).isEqualTo(10);
    }

    @Test
    void unitCountsOutsideTheTierAreRefused() {
        assertThatThrownBy(() -> TierLimits.of(IotHubTier.F1, 2)).hasMessageContaining("F1 tier takes 1 to 1 unit");
        assertThatThrownBy(() -> TierLimits.of(IotHubTier.S3, 11)).hasMessageContaining("1 to 10 units");
        assertThatThrownBy(() -> TierLimits.of(IotHubTier.S1, 0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> IotHubTier.parse("S4")).hasMessageContaining("use F1, S1, S2 or S3");
        assertThat(IotHubTier.parse(" s2 ")).isEqualTo(IotHubTier.S2);
    }

    @Test
    void oneUnitOfEachTierHasThePublishedFigures() {
        TierLimits f1 = TierLimits.of(IotHubTier.F1, 1);
        assertThat(f1.limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(20));
        assertThat(f1.limit(OperationClass.REGISTRY_OPERATIONS)).isEqualTo(RateLimit.perMinute(100));
        assertThat(f1.limit(OperationClass.JOB_OPERATIONS)).isEqualTo(RateLimit.perMinute(100));
        assertThat(f1.maxConcurrentJobs()).isEqualTo(1);

        TierLimits s2 = TierLimits.of(IotHubTier.S2, 1);
        assertThat(s2.limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(20));
        assertThat(s2.limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(100));
        assertThat(s2.limit(OperationClass.TWIN_UPDATES)).isEqualTo(RateLimit.perSecond(50));
        assertThat(s2.limit(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(RateLimit.perSecond(10));

        TierLimits s3 = TierLimits.of(IotHubTier.S3, 1);
        assertThat(s3.limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(1000));
        assertThat(s3.limit(OperationClass.TWIN_UPDATES)).isEqualTo(RateLimit.perSecond(250));
        assertThat(s3.limit(OperationClass.REGISTRY_OPERATIONS)).isEqualTo(RateLimit.perMinute(5000));
        assertThat(s3.limit(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(RateLimit.perSecond(50));
    }

    @Test
    void theLargestHubsOfEachTierAreAccepted() {
        assertThat(TierLimits.of(IotHubTier.S1, 200).limit(OperationClass.QUERIES)).isEqualTo(RateLimit.perMinute(4000));
        assertThat(TierLimits.of(IotHubTier.S2, 200).limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(2000));
        assertThat(TierLimits.of(IotHubTier.S3, 10).limit(OperationClass.TWIN_READS)).isEqualTo(RateLimit.perSecond(5000));
        assertThatThrownBy(() -> TierLimits.of(IotHubTier.S2, 201)).hasMessageContaining("1 to 200 units, not 201");
    }

    @Test
    void limitsDescribeThemselvesForMessages() {
        assertThat(TierLimits.of(IotHubTier.S1, 1).describe()).isEqualTo("S1 with 1 unit");
        assertThat(TierLimits.of(IotHubTier.S3, 2).describe()).isEqualTo("S3 with 2 units");
        assertThat(RateLimit.perMinute(20).describe()).isEqualTo("20 per minute");
        assertThat(RateLimit.perSecond(100).describe()).isEqualTo("100 per second");
        assertThat(new RateLimit(5, Duration.ofMillis(250)).describe()).isEqualTo("5 per 250 ms");
        assertThatThrownBy(() -> RateLimit.perSecond(0)).hasMessageContaining("at least one permit");
        assertThatThrownBy(() -> new RateLimit(1, Duration.ZERO)).hasMessageContaining("positive window");
    }
}
