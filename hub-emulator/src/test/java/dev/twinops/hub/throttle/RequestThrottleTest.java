package dev.twinops.hub.throttle;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void s1AllowsTwentyQueriesPerMinuteAndRecoversAsTheWindowSlides() {
        RequestThrottle throttle = new RequestThrottle(ThrottlingPolicy.of(ThrottlingTier.S1, 1).withClock(clock));
        for (int i = 0; i < 20; i++) {
            throttle.acquire(OperationClass.QUERIES);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThatThrownBy(() -> throttle.acquire(OperationClass.QUERIES))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.error()).isEqualTo(HubError.THROTTLED);
                    assertThat(e.error().errorCode()).isEqualTo(429001);
                    assertThat(e.getMessage()).contains("S1 with 1 unit", "20 per minute", "queries", "retry in 40 s");
                });
        // the first query leaves the window 60 s after it was made: one more is allowed, then refused again
        clock.advance(Duration.ofSeconds(40));
        throttle.acquire(OperationClass.QUERIES);
        assertThat(throttle.tryAcquire(OperationClass.QUERIES)).isEqualTo(1000);
    }

    @Test
    void unitsMultiplyPerUnitLimitsButNotFlatOnes() {
        ThrottlingPolicy s1x3 = ThrottlingPolicy.of(ThrottlingTier.S1, 3);
        assertThat(s1x3.limit(OperationClass.QUERIES).orElseThrow()).isEqualTo(RateLimit.perMinute(60));
        assertThat(s1x3.limit(OperationClass.TWIN_READS).orElseThrow()).isEqualTo(RateLimit.perSecond(100));
        assertThat(s1x3.limit(OperationClass.TWIN_UPDATES).orElseThrow()).isEqualTo(RateLimit.perSecond(50));
        assertThat(s1x3.limit(OperationClass.JOB_DEVICE_OPERATIONS).orElseThrow()).isEqualTo(RateLimit.perSecond(10));
        assertThat(s1x3.maxConcurrentJobs()).isEqualTo(1);

        ThrottlingPolicy s2x20 = ThrottlingPolicy.of(ThrottlingTier.S2, 20);
        assertThat(s2x20.limit(OperationClass.TWIN_READS).orElseThrow()).isEqualTo(RateLimit.perSecond(200));
        assertThat(s2x20.limit(OperationClass.TWIN_UPDATES).orElseThrow()).isEqualTo(RateLimit.perSecond(100));
        assertThat(s2x20.limit(OperationClass.JOB_DEVICE_OPERATIONS).orElseThrow()).isEqualTo(RateLimit.perSecond(20));
        assertThat(s2x20.maxConcurrentJobs()).isEqualTo(5);

        ThrottlingPolicy s3x2 = ThrottlingPolicy.of(ThrottlingTier.S3, 2);
        assertThat(s3x2.limit(OperationClass.QUERIES).orElseThrow()).isEqualTo(RateLimit.perMinute(2000));
        assertThat(s3x2.limit(OperationClass.TWIN_READS).orElseThrow()).isEqualTo(RateLimit.perSecond(1000));
        assertThat(s3x2.limit(OperationClass.JOB_DEVICE_OPERATIONS).orElseThrow()).isEqualTo(RateLimit.perSecond(100));
        assertThat(s3x2.limit(OperationClass.JOB_OPERATIONS).orElseThrow()).isEqualTo(RateLimit.perMinute(10000));
        assertThat(s3x2.maxConcurrentJobs()).isEqualTo(10);
    }

    @Test
    void unitCountsOutsideTheTierAreRefused() {
        assertThatThrownBy(() -> ThrottlingPolicy.of(ThrottlingTier.F1, 2)).hasMessageContaining("F1 tier takes 1 to 1 unit");
        assertThatThrownBy(() -> ThrottlingPolicy.of(ThrottlingTier.S3, 11)).hasMessageContaining("1 to 10 units");
        assertThatThrownBy(() -> ThrottlingPolicy.of(ThrottlingTier.S1, 0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> ThrottlingTier.parse("S4")).hasMessageContaining("use F1, S1, S2 or S3");
        assertThat(ThrottlingTier.parse(" s2 ")).isEqualTo(ThrottlingTier.S2);
    }

    @Test
    void noPolicyThrottlesNothing() {
        RequestThrottle throttle = RequestThrottle.unlimited();
        for (int i = 0; i < 10_000; i++) {
            throttle.acquire(OperationClass.QUERIES);
        }
        assertThat(throttle.enabled()).isFalse();
        assertThat(ThrottlingPolicy.none().maxConcurrentJobs()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void jobDevicePacingReportsHowLongToWait() {
        RequestThrottle throttle = new RequestThrottle(ThrottlingPolicy.of(ThrottlingTier.S1, 1).withClock(clock));
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAcquire(OperationClass.JOB_DEVICE_OPERATIONS)).isZero();
        }
        clock.advance(Duration.ofMillis(300));
        assertThat(throttle.tryAcquire(OperationClass.JOB_DEVICE_OPERATIONS)).isEqualTo(700);
        clock.advance(Duration.ofMillis(700));
        assertThat(throttle.tryAcquire(OperationClass.JOB_DEVICE_OPERATIONS)).isZero();
    }

    @Test
    void routesAreClassifiedByMethodAndTemplate() {
        assertThat(ThrottledRoutes.classify(HttpMethod.POST, "/devices/query")).isEqualTo(OperationClass.QUERIES);
        assertThat(ThrottledRoutes.classify(HttpMethod.GET, "/twins/{id}")).isEqualTo(OperationClass.TWIN_READS);
        assertThat(ThrottledRoutes.classify(HttpMethod.PATCH, "/twins/{id}")).isEqualTo(OperationClass.TWIN_UPDATES);
        assertThat(ThrottledRoutes.classify(HttpMethod.PUT, "/twins/{id}")).isEqualTo(OperationClass.TWIN_UPDATES);
        assertThat(ThrottledRoutes.classify(HttpMethod.POST, "/twins/{id}/methods")).isNull();
        assertThat(ThrottledRoutes.classify(HttpMethod.PUT, "/devices/{id}")).isEqualTo(OperationClass.REGISTRY_OPERATIONS);
        assertThat(ThrottledRoutes.classify(HttpMethod.GET, "/jobs/v2/query")).isEqualTo(OperationClass.JOB_OPERATIONS);
        assertThat(ThrottledRoutes.classify(HttpMethod.GET, "/statistics/devices")).isNull();
    }
}
