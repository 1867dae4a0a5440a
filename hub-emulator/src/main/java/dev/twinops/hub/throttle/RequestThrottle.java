package dev.twinops.hub.throttle;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.limits.OperationClass;
import dev.twinops.limits.RateLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a {@link ThrottlingPolicy}: one sliding-window limiter per operation class, shared by every endpoint
 * and job of the hub. With {@link ThrottlingPolicy#none()} every call is a no-op. Thread-safe.
 */
public final class RequestThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(RequestThrottle.class);

    private final ThrottlingPolicy policy;
    private final Map<OperationClass, SlidingWindowLimiter> limiters = new EnumMap<>(OperationClass.class);

    public RequestThrottle(ThrottlingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        for (OperationClass operation : OperationClass.values()) {
            policy.limit(operation).ifPresent(limit ->
                    limiters.put(operation, new SlidingWindowLimiter(limit, policy.clock())));
        }
        if (policy.enabled()) {
            LOG.info("Throttling like IoT Hub {}: queries {}, twin reads {}, twin updates {}, job device operations {},"
                            + " {} active job(s); over a limit: 429 / 429001", policy.describe(),
                    describe(OperationClass.QUERIES), describe(OperationClass.TWIN_READS),
                    describe(OperationClass.TWIN_UPDATES), describe(OperationClass.JOB_DEVICE_OPERATIONS),
                    policy.maxConcurrentJobs());
        }
    }

    private String describe(OperationClass operation) {
        return policy.limit(operation).map(RateLimit::describe).orElse("unlimited");
    }

    /** A throttle that lets everything through. */
    public static RequestThrottle unlimited() {
        return new RequestThrottle(ThrottlingPolicy.none());
    }

    public ThrottlingPolicy policy() {
        return policy;
    }

    public boolean enabled() {
        return policy.enabled();
    }

    /**
     * Counts one operation, or refuses it as IoT Hub does when over the limit.
     *
     * @throws HubException THROTTLED (429, errorCode 429001) naming the limit and when to retry
     */
    public void acquire(OperationClass operation) {
        long waitMillis = tryAcquire(operation);
        if (waitMillis > 0) {
            RateLimit limit = policy.limit(operation).orElseThrow();
            LOG.debug("Throttled {}: {} allows {}", operation, policy.describe(), limit.describe());
            throw new HubException(HubError.THROTTLED, "Too many requests: the " + policy.describe()
                    + " allows " + limit.describe() + " for " + operation.description() + "; retry in "
                    + retryText(waitMillis));
        }
    }

    /**
     * Takes a permit if one is free (always, when unthrottled).
     *
     * @return 0 if taken, else the milliseconds until one frees up; for pacing work such as job device operations
     */
    public long tryAcquire(OperationClass operation) {
        SlidingWindowLimiter limiter = limiters.get(operation);
        return limiter == null ? 0 : limiter.tryAcquire();
    }

    private static String retryText(long millis) {
        return millis < 1000 ? millis + " ms" : ((millis + 999) / 1000) + " s";
    }
}
