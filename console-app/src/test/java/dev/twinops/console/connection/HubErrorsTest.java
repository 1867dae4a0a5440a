package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;

class HubErrorsTest {

    @Test
    void theHubsNestedErrorBecomesItsSentenceAndCode() {
        IotHubBadFormatException e = new IotHubBadFormatException("{\"errorCode\":400004,\"trackingId\":\"1C23\","
                + "\"message\":\"Syntax error at position 41: expected a value\",\"timestampUtc\":\"2026-11-26T04:13:04Z\"}");

        assertThat(HubErrors.hubMessage(e)).isEqualTo("Syntax error at position 41: expected a value (400004)");
    }

    @Test
    void plainMessagesStayAsTheyAre() {
        assertThat(HubErrors.hubMessage(new IotHubBadFormatException("Bad request"))).isEqualTo("Bad request");
    }

    @Test
    void unreachableIsToldApartFromARefusal() {
        assertThat(HubErrors.isUnreachable(new ConnectException("Connection refused"))).isTrue();
        assertThat(HubErrors.isUnreachable(new IotHubUnauthorizedException("Unauthorized"))).isFalse();
        assertThat(HubErrors.describe(new UnknownHostException("x"), HubAction.LIST_DEVICES, "nohub.azure-devices.net", "service"))
                .isEqualTo("Cannot find host nohub.azure-devices.net: check the HostName and your network or proxy.");
        assertThat(HubErrors.describe(new IotHubUnauthorizedException("Unauthorized"), HubAction.UPDATE_TWIN, "h", "registryRead"))
                .contains("refused policy 'registryRead'", "update the twin", "Service connect");
    }
}
