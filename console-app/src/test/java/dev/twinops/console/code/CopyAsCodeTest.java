package dev.twinops.console.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyAsCodeTest {

    private static final String HUB = "my-hub.azure-devices.net";

    @Test
    void aRebootOfOneDeviceIsADirectMethodCall() {
        CodeSnippet code = CopyAsCode.directMethod(HUB, "sensor-00001", "reboot", "{\"operationId\":\"op-1\"}", 30, 0);

        assertThat(code.java()).isEqualTo("""
                DirectMethodsClient methods = new DirectMethodsClient(System.getenv("IOTHUB_CONNECTION_STRING"));
                DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
                        .payload(JsonParser.parseString("{\\"operationId\\":\\"op-1\\"}"))
                        .methodResponseTimeoutSeconds(30)
                        .methodConnectTimeoutSeconds(0)
                        .build();
                DirectMethodResponse response = methods.invoke("sensor-00001", "reboot", options);""");
        assertThat(code.azCli()).isEqualTo("""
                az iot hub invoke-device-method \\
                    --hub-name 'my-hub' \\
                    --device-id 'sensor-00001' \\
                    --method-name 'reboot' \\
                    --method-payload '{"operationId":"op-1"}' \\
                    --timeout 30""");
    }

    @Test
    void aFirmwareUpdateOfAQueryIsAJobWithTheQueryAsItsCondition() {
        String payload = "{\"packageUri\":\"https://fw.example/tx-2.0.0.bin\",\"sha256\":\"ab12\",\"version\":\"2.0.0\","
                + "\"operationId\":\"op-7\"}";
        CodeSnippet code = CopyAsCode.methodJob(HUB, "tags.site = 'plant-1'", "firmwareUpdate", payload, 60, 120, 900);

        assertThat(code.azCli()).isEqualTo("""
                az iot hub job create \\
                    --hub-name 'my-hub' \\
                    --job-id "$(uuidgen)" \\
                    --job-type scheduleDeviceMethod \\
                    --query-condition 'tags.site = '\\''plant-1'\\''' \\
                    --method-name 'firmwareUpdate' \\
                    --method-payload '{"packageUri":"https://fw.example/tx-2.0.0.bin","sha256":"ab12","version":"2.0.0","operationId":"op-7"}' \\
                    --method-response-timeout 60 \\
                    --method-connect-timeout 120 \\
                    --ttl 900""");
        assertThat(code.java()).isEqualTo("""
                ScheduledJobsClient jobs = new ScheduledJobsClient(System.getenv("IOTHUB_CONNECTION_STRING"));
                DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()
                        .payload(JsonParser.parseString("{\\"packageUri\\":\\"https://fw.example/tx-2.0.0.bin\\",\\"sha256\\":\\"ab12\\",\\"version\\":\\"2.0.0\\",\\"operationId\\":\\"op-7\\"}"))
                        .methodResponseTimeoutSeconds(60)
                        .methodConnectTimeoutSeconds(120)
                        .maxExecutionTimeSeconds(900)
                        .build();
                ScheduledJob job = jobs.scheduleDirectMethod(UUID.randomUUID().toString(),
                        "tags.site = 'plant-1'", "firmwareUpdate", new Date(), options);""");
    }

    @Test
    void aTwinEditIsADeviceTwinUpdateWithItsEtag() {
        CodeSnippet code = CopyAsCode.twinUpdate(HUB, "sensor-00002", "{\"site\":\"O'Hare\"}",
                "{\"telemetryInterval\":30,\"note\":\"a\\\\b\"}", "AAAAAAAAAAE=");

        assertThat(code.azCli()).isEqualTo("""
                az iot hub device-twin update \\
                    --hub-name 'my-hub' \\
                    --device-id 'sensor-00002' \\
                    --tags '{"site":"O'\\''Hare"}' \\
                    --desired '{"telemetryInterval":30,"note":"a\\\\b"}' \\
                    --etag 'AAAAAAAAAAE='""");
        assertThat(code.java()).isEqualTo("""
                TwinClient twins = new TwinClient(System.getenv("IOTHUB_CONNECTION_STRING"));
                Twin twin = new Twin("sensor-00002");
                twin.setETag("AAAAAAAAAAE="); // fails if the twin changed since
                twin.getTags().putAll(new Gson().fromJson("{\\"site\\":\\"O'Hare\\"}", TwinCollection.class));
                twin.getDesiredProperties().putAll(new Gson().fromJson("{\\"telemetryInterval\\":30,\\"note\\":\\"a\\\\\\\\b\\"}", TwinCollection.class));
                Twin updated = twins.patch(twin);""");
    }

    @Test
    void onlyTheSectionsThatChangedAreInATwinUpdate() {
        CodeSnippet code = CopyAsCode.twinUpdate("127.0.0.1:8443", "d", null, "{\"x\":null}", null);

        assertThat(code.azCli()).isEqualTo("""
                az iot hub device-twin update \\
                    --hub-name '127.0.0.1' \\
                    --device-id 'd' \\
                    --desired '{"x":null}'""");
        assertThat(code.java()).doesNotContain("getTags", "setETag");
    }

    @Test
    void noSecretEverAppears() {
        CodeSnippet code = CopyAsCode.directMethod(HUB, "d", "m", "{}", 30, 0);

        assertThat(code.both()).doesNotContain("SharedAccessKey", "sig=").contains("IOTHUB_CONNECTION_STRING");
    }

    @Test
    void shellWordsSurviveQuotesAndSpaces() {
        assertThat(CopyAsCode.shell("it's a \"test\" $HOME")).isEqualTo("'it'\\''s a \"test\" $HOME'");
        assertThat(CopyAsCode.javaString("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
    }
}
