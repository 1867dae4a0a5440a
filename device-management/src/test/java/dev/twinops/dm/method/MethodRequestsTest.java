package dev.twinops.dm.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinops.dm.DmMethod;
import org.junit.jupiter.api.Test;

class MethodRequestsTest {

    private static final String SHA = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    @Test
    void firmwareUpdatePayloadRoundTripsWithLowerCaseChecksum() {
        FirmwareUpdateRequest r = MethodRequests.parseFirmwareUpdate(
                "{\"fwPackageUri\":\"https://fw.example.com/a.bin\",\"fwPackageCheckValue\":\"" + SHA
                        + "\",\"version\":\"2.1.0\",\"operationId\":\"job-1:dev-1\",\"extra\":1}");
        assertThat(r.fwPackageCheckValue()).isEqualTo(SHA.toLowerCase());
        assertThat(r.packageUri().getHost()).isEqualTo("fw.example.com");
        assertThat(MethodRequests.parseFirmwareUpdate(MethodRequests.toJson(r))).isEqualTo(r);
    }

    @Test
    void badFirmwarePayloadsAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate("{\"fwPackageCheckValue\":\"" + SHA + "\",\"version\":\"1\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("fwPackageUri is required");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate(
                "{\"fwPackageUri\":\"ftp://h/a\",\"fwPackageCheckValue\":\"" + SHA + "\",\"version\":\"1\"}"))
                .hasMessageContaining("http, https or file");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate(
                "{\"fwPackageUri\":\"http://h/a\",\"fwPackageCheckValue\":\"abc\",\"version\":\"1\"}"))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate(
                "{\"fwPackageUri\":\"http://h/a\",\"fwPackageCheckValue\":\"" + SHA + "\",\"version\":\"1 0\"}"))
                .hasMessageContaining("version may only contain");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate(
                "{\"fwPackageUri\":\"http://h/a\",\"fwPackageCheckValue\":\"" + SHA + "\",\"version\":2}"))
                .hasMessageContaining("version must be a string");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate("[1]"))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate("{"))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> MethodRequests.parseFirmwareUpdate("{\"fwPackageUri\":\"http:///x\",\"fwPackageCheckValue\":\""
                + SHA + "\",\"version\":\"1\"}")).hasMessageContaining("no host");
    }

    @Test
    void rebootAcceptsEmptyOrNullPayloadAndValidatesOperationId() {
        assertThat(MethodRequests.parseReboot(null).operationId()).isNull();
        assertThat(MethodRequests.parseReboot("null").operationId()).isNull();
        assertThat(MethodRequests.parseReboot("{}").operationId()).isNull();
        assertThat(MethodRequests.parseFactoryReset("{\"operationId\":\"r-1\"}").operationId()).isEqualTo("r-1");
        assertThatThrownBy(() -> MethodRequests.parseReboot("{\"operationId\":\"a b\"}"))
                .hasMessageContaining("operationId may only contain");
        assertThatThrownBy(() -> MethodRequests.parseReboot("{\"operationId\":\"" + "x".repeat(129) + "\"}"))
                .hasMessageContaining("longer than 128");
        assertThat(MethodRequests.operationIdOf(DmMethod.REBOOT, "{\"operationId\":5}")).isNull();
    }

    @Test
    void methodResponsesRoundTripThroughTheConsoleReader() {
        MethodResponse busy = MethodResponse.busy(DmMethod.FIRMWARE_UPDATE, "op-7");
        assertThat(busy.status()).isEqualTo(409);
        MethodResponse read = MethodResponse.fromDevice(409, busy.bodyJson());
        assertThat(read).isEqualTo(busy);
        assertThat(read.operationId()).isEqualTo("op-7");
        assertThat(MethodResponse.fromDevice(200, MethodResponse.accepted(DmMethod.REBOOT, "op-1").bodyJson()).isAccepted())
                .isTrue();
        MethodResponse foreign = MethodResponse.fromDevice(500, "\"boom\"");
        assertThat(foreign.code()).isEqualTo(MethodResponseCode.INVALID_REQUEST);
        assertThat(foreign.reason()).isEqualTo("\"boom\"");
        assertThat(MethodResponse.invalidRequest("x").body()).containsEntry("code", "INVALID_REQUEST").containsEntry("reason", "x");
    }
}
