package dev.twinops.simulator.fleet;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import dev.twinops.hubclient.registry.BulkRegistryOperation;
import dev.twinops.simulator.device.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a fleet's devices on the I/O threads: 100 a request through the bulk registry operation, then the tags of
 * the devices created; what a batch leaves (a device the hub refused, a hub without the bulk route, a failed
 * request) is registered one by one. Failed steps are retried a few times, one second more after each attempt.
 */
final class FleetRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(FleetRegistration.class);
    private static final int ATTEMPTS = 4;
    /**
     * A hub that throttles (429) is waited out longer: a tier's registry budget (S1: 100 a minute) serves a few
     * hundred existing devices' reads only over minutes, e.g. a fleet started on a rehearsal hub playing S1.
     */
    private static final int THROTTLED_ATTEMPTS = 60;
    private static final Duration THROTTLED_PAUSE = Duration.ofSeconds(5);

    /** What became of each device. */
    interface Outcome {
        /** The device (1-based index) is registered and tagged. */
        void registered(int index, DeviceRegistrar.Registration registration);

        /** The device could not be registered; {@code fatal} when retrying cannot help any device (refused). */
        void failed(String deviceId, String reason, boolean fatal);
    }

    private final FleetConfig config;
    private final List<String> deviceIds;
    private final DeviceRegistrar registrar;
    private final Executor io;
    private final Scheduler scheduler;
    private final BooleanSupplier stopped;
    private final Outcome outcome;

    FleetRegistration(FleetConfig config, List<String> deviceIds, DeviceRegistrar registrar, Executor io,
                      Scheduler scheduler, BooleanSupplier stopped, Outcome outcome) {
        this.config = config;
        this.deviceIds = deviceIds;
        this.registrar = registrar;
        this.io = io;
        this.scheduler = scheduler;
        this.stopped = stopped;
        this.outcome = outcome;
    }

    /** Queues every batch and returns. */
    void start() {
        for (int from = 1; from <= deviceIds.size(); from += BulkRegistryOperation.MAX_DEVICES) {
            int first = from;
            int last = Math.min(deviceIds.size(), from + BulkRegistryOperation.MAX_DEVICES - 1);
            if (!submit(() -> registerBatch(first, last))) {
                return;
            }
        }
    }

    /** Runs a task on the I/O threads; false once they are shut down. */
    private boolean submit(Runnable task) {
        try {
            io.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void registerBatch(int first, int last) {
        if (stopped.getAsBoolean()) {
            return;
        }
        Map<String, DeviceRegistrar.Registration> registered;
        try {
            registered = registrar.registerBatch(deviceIds.subList(first - 1, last));
        } catch (DeviceRegistrar.RegistrationRefusedException e) {
            for (int index = first; index <= last; index++) {
                outcome.failed(config.deviceId(index), e.getMessage(), true);
            }
            return;
        } catch (Exception e) {
            LOG.debug("registering {}..{} in bulk failed, one by one instead: {}", config.deviceId(first),
                    config.deviceId(last), e.toString());
            registered = Map.of();
        }
        for (int index = first; index <= last; index++) {
            int i = index;
            DeviceRegistrar.Registration registration = registered.get(config.deviceId(index));
            Runnable next = registration == null ? () -> registerOne(i, 1)
                    : registration.created() ? () -> tag(i, registration, 1)
                    : () -> outcome.registered(i, registration);
            if (!submit(next)) {
                return;
            }
        }
    }

    private void registerOne(int index, int attempt) {
        String id = config.deviceId(index);
        if (stopped.getAsBoolean()) {
            return;
        }
        DeviceRegistrar.Registration registration;
        try {
            registration = registrar.register(id, config.tags(index));
        } catch (DeviceRegistrar.RegistrationRefusedException e) {
            outcome.failed(id, e.getMessage(), true);
            return;
        } catch (Exception e) {
            retryOrFail(id, attempt, e, () -> registerOne(index, attempt + 1));
            return;
        }
        outcome.registered(index, registration);
    }

    /** A device created in bulk gets its site, model and ring tags (the bulk operation carries no twin). */
    private void tag(int index, DeviceRegistrar.Registration registration, int attempt) {
        String id = config.deviceId(index);
        if (stopped.getAsBoolean()) {
            return;
        }
        try {
            registrar.tag(id, config.tags(index));
        } catch (Exception e) {
            retryOrFail(id, attempt, e, () -> tag(index, registration, attempt + 1));
            return;
        }
        outcome.registered(index, registration);
    }

    private void retryOrFail(String id, int attempt, Exception e, Runnable retry) {
        boolean throttled = e instanceof IotHubTooManyRequestsException;
        if (attempt < (throttled ? THROTTLED_ATTEMPTS : ATTEMPTS) && !stopped.getAsBoolean()) {
            LOG.debug("registering {} failed (attempt {}): {}", id, attempt, e.toString());
            scheduler.schedule(throttled ? THROTTLED_PAUSE : Duration.ofSeconds(attempt), () -> submit(retry));
        } else {
            outcome.failed(id, "registering " + id + " failed: " + e.getMessage(), false);
        }
    }
}
