package dev.twinops.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceConnectionStringTest {

    private static final String KEY = "c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";
    private static final String VALID =
            "HostName=fleet-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY;

    @Test
    void readsHostPolicyAndKeyOfAPortalConnectionString() {
        ServiceConnectionString cs = ServiceConnectionString.parse("  " + VALID + ";  ");

        assertThat(cs.hostName()).isEqualTo("fleet-hub.azure-devices.net");
        assertThat(cs.hubName()).isEqualTo("fleet-hub");
        assertThat(cs.policyName()).isEqualTo("iothubowner");
        assertThat(cs.secretValue()).isEqualTo(VALID);
    }

    @Test
    void neverShowsTheKeyWhenPrinted() {
        ServiceConnectionString cs = ServiceConnectionString.parse(VALID);

        assertThat(cs.toString()).doesNotContain(KEY).contains("c2Vj…(hidden)");
        assertThat(cs.masked()).doesNotContain(KEY);
        assertThat(new SavedConnection("prod", cs).toString()).doesNotContain(KEY);
    }

    @Test
    void saysWhatIsMissingOrWrong() {
        assertProblem("", "Paste the hub's service connection string");
        assertProblem("SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY, "HostName is missing");
        assertProblem("HostName=fleet-hub.azure-devices.net:443;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY,
                "carries a port");
        assertProblem("HostName=fleet-hub.azure-devices.net;SharedAccessKey=" + KEY, "SharedAccessKeyName is missing");
        assertProblem("HostName=fleet-hub.azure-devices.net;SharedAccessKeyName=iothubowner", "SharedAccessKey is missing");
        assertProblem("HostName=fleet-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=not*base64!",
                "not valid base64");
        assertProblem("HostName=fleet-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=c2hvcnQ=",
                "too short");
        assertProblem("HostName=fleet-hub.azure-devices.net;DeviceId=pump-7;SharedAccessKey=" + KEY,
                "device connection string");
        assertProblem("HostName=fleet-hub.azure-devices.net;SharedAccessKeyName=iothubowner;"
                + "SharedAccessSignature=SharedAccessSignature sr=x", "SharedAccessSignature");
        assertProblem(VALID + ";GatewayHostName=edge", "Unexpected part \"GatewayHostName\"");
        assertProblem("just some text", "not a Name=value pair");
    }

    @Test
    void problemMessagesNeverEchoTheKey() {
        assertThatThrownBy(() -> ServiceConnectionString.parse("HostName=fleet-hub.azure-devices.net;SharedAccessKey=" + KEY))
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> ServiceConnectionString.parse(KEY + KEY))
                .hasMessageNotContaining(KEY);
    }

    private static void assertProblem(String text, String expected) {
        assertThatThrownBy(() -> ServiceConnectionString.parse(text))
                .isInstanceOf(InvalidConnectionStringException.class)
                .hasMessageContaining(expected);
    }
}
