package dev.twinops.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.twinops.console.operations.MethodOutcome;

class JobDeviceResultTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aRowWithTheDevicesAnswerBecomesItsOutcome() throws Exception {
        JobDeviceResult row = JobDeviceResult.fromRow(mapper.readTree("{\"deviceId\":\"d1\",\"jobId\":\"j\",\"status\":"
                + "\"completed\",\"outcome\":{\"deviceMethodResponse\":{\"status\":403,\"payload\":{\"code\":\"REFUSED\","
                + "\"reason\":\"maintenance window\"}}}}"));
        assertThat(row.isDone()).isTrue();
        assertThat(row.outcome(30, 0).describe()).isEqualTo("d1 declined for now (403): maintenance window. Try again later.");
    }

    @Test
    void aRowWithAnOutcomeButNoMethodStillReads() throws Exception {
        // real IoT Hub sends such rows; the 2.1.9 SDK parser throws on them
        JobDeviceResult row = JobDeviceResult.fromRow(mapper.readTree("{\"deviceId\":\"d2\",\"jobId\":\"j\","
                + "\"status\":\"failed\",\"outcome\":{},\"error\":{\"code\":\"GatewayTimeout\",\"description\":\"Timed out\"}}"));
        MethodOutcome outcome = row.outcome(30, 0);
        assertThat(outcome.mayStillHappen()).isTrue();
        assertThat(outcome.describe()).startsWith("d2 did not answer within 30 s (504101)");
    }

    @Test
    void aQueuedRowHasNoOutcomeYet() throws Exception {
        JobDeviceResult row = JobDeviceResult.fromRow(mapper.readTree("{\"deviceId\":\"d3\",\"status\":\"queued\"}"));
        assertThat(row.isDone()).isFalse();
        assertThat(row.outcome(30, 0)).isNull();
    }
}
