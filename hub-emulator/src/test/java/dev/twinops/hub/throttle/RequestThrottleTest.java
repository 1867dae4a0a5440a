package dev.twinops.hub.throttle;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.OperationClass;
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
        RequestThrottle throttle = new RequestThrottle(ThrottlingPolicy.of(IotHubTier.S1, 1).withClock(clock));
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
        RequestThrottle throttle = new RequestThrottle(ThrottlingPolicy.of(IotHubTier.S1, 1).withClock(clock));
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
