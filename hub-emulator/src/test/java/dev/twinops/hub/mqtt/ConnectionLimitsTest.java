package dev.twinops.hub.mqtt;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitsTest {

    @Test
    void silenceIsAllowedForOneAndAHalfKeepAlivesButNeverLongerThanIotHubsMaximum() {
        ConnectionLimits iotHub = ConnectionLimits.IOT_HUB;
        assertThat(iotHub.keepAliveTimeout(60)).isEqualTo(Duration.ofSeconds(90));
        assertThat(iotHub.keepAliveTimeout(230)).as("the Java SDK's default").isEqualTo(Duration.ofSeconds(345));
        assertThat(iotHub.keepAliveTimeout(1177)).as("the largest useful keepAlive").isEqualTo(Duration.ofMillis(1_765_500));
        assertThat(iotHub.keepAliveTimeout(1178)).isEqualTo(Duration.ofSeconds(1767));
        assertThat(iotHub.keepAliveTimeout(65535)).isEqualTo(Duration.ofSeconds(1767));
    }

    @Test
    void keepAliveZeroGetsTheMaximumRatherThanNoWatchdog() {
        assertThat(ConnectionLimits.IOT_HUB.keepAliveTimeout(0)).isEqualTo(Duration.ofSeconds(1767));
    }
}
