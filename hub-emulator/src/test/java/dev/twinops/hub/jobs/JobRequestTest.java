package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static ObjectNode json(String singleQuoted) {
        try {
            // ' stands for a JSON quote, ` for a quote inside a query condition
            return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"').replace('`', '\''));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void methodJobAsTheServiceSdkSendsIt() {
        JobRequest request = JobRequest.parse("reboot-all", json("{'jobId':'reboot-all','type':'scheduleDeviceMethod',"
                + "'cloudToDeviceMethod':{'methodName':'reboot','payload':{'delay':5},'responseTimeoutInSeconds':200,"
                + "'connectTimeoutInSeconds':20},'updateTwin':null,'queryCondition':'tags.site = `plant-7`',"
                + "'startTime':'2026-03-01T10:05:00.000Z','maxExecutionTimeInSeconds':600}"), NOW);
        assertThat(request.type()).isEqualTo(JobType.SCHEDULE_DEVICE_METHOD);
        assertThat(request.method().methodName()).isEqualTo("reboot");
        assertThat(request.method().payload()).isEqualTo(json("{'delay':5}"));
        assertThat(request.method().responseTimeoutSeconds()).isEqualTo(200);
        assertThat(request.method().connectTimeoutSeconds()).isEqualTo(20);
        assertThat(request.startTime()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
        assertThat(request.maxExecutionSeconds()).isEqualTo(600);
        assertThat(request.queryCondition().test(json("{'tags':{'site':'plant-7'}}"))).isTrue();
    }

    @Test
    void defaultsMatchIotHub() {
        JobRequest request = JobRequest.parse("j", json("{'type':'scheduleDeviceMethod','queryCondition':'deviceId = `a`',"
                + "'cloudToDeviceMethod':{'methodName':'ping'}}"), NOW);
        assertThat(request.method().responseTimeoutSeconds()).isEqualTo(30);
        assertThat(request.method().connectTimeoutSeconds()).isZero();
        assertThat(request.startTime()).isEqualTo(NOW);
        assertThat(request.maxExecutionSeconds()).isEqualTo(JobRequest.DEFAULT_MAX_EXECUTION_SECONDS);
    }

    @Test
    void twinJobKeepsTagsAndDesiredAndDropsTheSdksNullFields() {
        JobRequest request = JobRequest.parse("t", json("{'type':'scheduleUpdateTwin','cloudToDeviceMethod':null,"
                + "'queryCondition':'deviceId IN [`a`,`b`]','updateTwin':{'deviceId':null,'etag':'*',"
                + "'tags':{'ring':2},'properties':{'desired':{'interval':30},'reported':{}}}}"), NOW);
        assertThat(request.updateTwin().has("deviceId")).isFalse();
        assertThat(request.twinPatch()).isEqualTo(json("{'tags':{'ring':2},'properties':{'desired':{'interval':30}}}"));
    }

    @Test
    void invalidRequestsNameWhatIsWrong() {
        String method = "'cloudToDeviceMethod':{'methodName':'reboot'}";
        String condition = "'queryCondition':'deviceId = `a`'";
        assertInvalid("x".repeat(65), "{'type':'scheduleDeviceMethod'," + condition + "," + method + "}",
                "65 characters long; IoT Hub allows at most 64");
        assertInvalid("bad/id", "{}", "characters IoT Hub does not allow");
        assertInvalid("j", "{'jobId':'other','type':'scheduleDeviceMethod'," + condition + "," + method + "}",
                "differs from the job id in the path");
        assertInvalid("j", "{" + condition + "," + method + "}", "'type' is required");
        assertInvalid("j", "{'type':'exportDevices'," + condition + "}", "'exportDevices' is not supported");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + method + "}", "'queryCondition' is required");
        assertInvalid("j", "{'type':'scheduleDeviceMethod','queryCondition':'tags.site = ',"
                + method + "}", "Syntax error at position");
        assertInvalid("j", "{'type':'scheduleDeviceMethod','queryCondition':'deviceId = `" + "a".repeat(8200) + "`',"
                + method + "}", "accepts at most 8192");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition + ",'cloudToDeviceMethod':{'payload':1}}",
                "methodName' is required");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition + "}", "'cloudToDeviceMethod' is required");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition
                + ",'cloudToDeviceMethod':{'methodName':'r','responseTimeoutInSeconds':301}}", "between 5 and 300");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition
                + ",'cloudToDeviceMethod':{'methodName':'r','connectTimeoutInSeconds':-1}}", "between 0 and 300");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition + "," + method
                + ",'maxExecutionTimeInSeconds':-5}", "cannot be negative");
        assertInvalid("j", "{'type':'scheduleDeviceMethod'," + condition + "," + method
                + ",'startTime':'next tuesday'}", "not an ISO-8601 UTC time");
        assertInvalid("j", "{'type':'scheduleUpdateTwin'," + condition + ",'updateTwin':{'etag':'AAAA','tags':{'a':1}}}",
                "only '*' is accepted");
        assertInvalid("j", "{'type':'scheduleUpdateTwin'," + condition
                + ",'updateTwin':{'properties':{'reported':{'fw':'1'}}}}", "cannot be set by a job");
        assertInvalid("j", "{'type':'scheduleUpdateTwin'," + condition + ",'updateTwin':{'tags':{}}}", "changes nothing");
    }

    private static void assertInvalid(String jobId, String body, String message) {
        assertThatThrownBy(() -> JobRequest.parse(jobId, json(body), NOW))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.error()).isEqualTo(HubError.ARGUMENT_INVALID))
                .hasMessageContaining(message);
    }
}
