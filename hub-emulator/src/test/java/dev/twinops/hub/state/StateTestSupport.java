package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers shared by the state tests. */
final class StateTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StateTestSupport() {
    }

    /** JSON written with single quotes for readability. */
    static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T done(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("write did not complete: " + e, e);
        }
    }

    /** The HubException a refused write completed with. */
    static HubException refusal(CompletableFuture<?> future) {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the write to be refused, it completed with " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HubException hub) {
                return hub;
            }
            throw new AssertionError("refused with something other than HubException", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static DeviceIdentity newDevice(String id) {
        return new DeviceIdentity(id, null, null, DeviceStatus.ENABLED, null, null, null, null);
    }

    static JsonNode desired(ObjectNode serviceTwin) {
        return serviceTwin.path("properties").path("desired");
    }

    static JsonNode reported(ObjectNode serviceTwin) {
        return serviceTwin.path("properties").path("reported");
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
