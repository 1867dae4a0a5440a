package dev.twinops.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    private static final String SHA = "AB".repeat(32);

    private static String firmware(String waves) {
        return """
                {"id": "fw-2", "target": "tags.site = 'plant-north'",
                 "operation": {"type": "firmwareUpdate", "packageUri": "https://fw.example/2.0.0.bin",
                               "version": "2.0.0", "sha256": "%s"}%s}
                """.formatted(SHA, waves == null ? "" : ", \"waves\": " + waves);
    }

    private static List<PlanValidationException.Problem> problems(String json) {
        try {
            PlanJson.read(json);
        } catch (PlanValidationException e) {
            return e.problems();
        }
        throw new AssertionError("the plan was accepted");
    }

    @Test
    void aPlanWithoutWavesGetsTheDefaultsANewUserCanAccept() {
        RolloutPlan plan = PlanJson.read(firmware(null));

        assertThat(plan.waves()).extracting(WaveSpec::name).containsExactly("canary", "early", "rest");
        assertThat(plan.waves()).extracting(WaveSpec::percent).containsExactly(1.0, 10.0, null);
        assertThat(plan.waves().get(2).isRest()).isTrue();
        WaveSpec canary = plan.waves().get(0);
        assertThat(canary.successThreshold()).isEqualTo(90.0);
        assertThat(canary.failureThreshold()).isEqualTo(new FailureThreshold(null, 10.0, 5, FailureAction.PAUSE));
        assertThat(canary.deadline()).isEqualTo(Duration.ofMinutes(30));
        assertThat(canary.soak()).isEqualTo(Duration.ZERO);
        assertThat(canary.ratePerMinute()).isNull();
        assertThat(canary.needsApproval()).isFalse();
        assertThat(plan.operation().responseTimeoutSeconds()).isEqualTo(30);
        assertThat(plan.operation().connectTimeoutSeconds()).isZero();
        assertThat(plan.operation().sha256()).isEqualTo("ab".repeat(32));
        assertThat(plan.name()).isEqualTo("firmware 2.0.0");
    }

    @Test
    void writtenPlansReadBackTheSame() {
        RolloutPlan plan = PlanJson.read(firmware("""
                [{"name": "canary", "condition": "tags.ring = 'canary'", "soak": "PT10M"},
                 {"percent": 25, "ratePerMinute": 100, "approval": true,
                  "failureThreshold": {"count": 3, "percent": 5, "minFinished": 20, "action": "ABORT"}},
                 {"rest": true, "deadline": "PT2H", "successThreshold": 99.5}]"""));

        RolloutPlan again = PlanJson.read(PlanJson.write(plan));

        assertThat(again).isEqualTo(plan);
        assertThat(again.waves().get(0).soak()).isEqualTo(Duration.ofMinutes(10));
        assertThat(again.waves().get(1).failureThreshold().action()).isEqualTo(FailureAction.ABORT);
        assertThat(PlanJson.write(plan)).contains("\"deadline\" : \"PT2H\"");
    }

    @Test
    void everyProblemIsReportedWithItsFieldAndWhy() {
        List<PlanValidationException.Problem> problems = problems("""
                {"id": "Fw 2!", "target": "SELECT * FROM devices",
                 "operation": {"type": "firmwareUpdate", "packageUri": "ftp://x/y", "version": "2.0.0",
                               "sha256": "abc", "responseTimeoutSeconds": 400},
                 "waves": [{"percent": 0}, {"count": 5, "percent": 5}, {"rest": true},
                           {"condition": "tags.ring = 'canary", "failureThreshold": {"minFinished": 0},
                            "deadline": "PT10S", "ratePerMinute": 0}]}
                """);

        assertThat(problems).extracting(PlanValidationException.Problem::field).contains("id", "target",
                "operation.packageUri", "operation.responseTimeoutSeconds", "waves[0].percent", "waves[1]",
                "waves[2].rest", "waves[3].condition", "waves[3].failureThreshold",
                "waves[3].failureThreshold.minFinished", "waves[3].deadline", "waves[3].ratePerMinute");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("waves[1]");
            assertThat(p.message()).contains("exactly one of count, percent, condition");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("waves[3].deadline");
            assertThat(p.message()).contains("longer than the method's response plus connect timeout");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("only the last wave can take the rest"));
    }

    @Test
    void aBadChecksumIsNamedAsTheSha256Field() {
        assertThat(problems(firmware(null).replace(SHA, "xyz"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("operation.sha256");
            assertThat(p.message()).contains("64 hex digits");
        });
    }

    @Test
    void unknownAndMistypedFieldsAreNamed() {
        assertThat(problems(firmware("[{\"percent\": 5, \"sucessThreshold\": 90}]"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("waves[0].sucessThreshold");
                    assertThat(p.message()).contains("unknown field 'sucessThreshold'").contains("successThreshold");
                });
        assertThat(problems(firmware("[{\"percent\": \"five\"}]"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("waves[0].percent");
            assertThat(p.message()).contains("number");
        });
        assertThat(problems(firmware("[{\"rest\": true, \"deadline\": \"30 minutes\"}]"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("waves[0].deadline");
                    assertThat(p.message()).contains("PT30M");
                });
        assertThat(problems("{\"operation\": {\"type\": \"flash\"}}")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("operation.type");
            assertThat(p.message()).contains("unknown operation type 'flash'");
        });
        assertThat(problems("{\"operation\": ")).singleElement().satisfies(p ->
                assertThat(p.message()).contains("not valid JSON"));
    }

    @Test
    void aMethodNeedsItsNameAndRebootNeedsNothing() {
        assertThat(problems("{\"operation\": {\"type\": \"method\"}}")).singleElement().satisfies(p ->
                assertThat(p.field()).isEqualTo("operation.methodName"));
        RolloutPlan reboot = PlanJson.read("{\"operation\": {\"type\": \"reboot\"}}");
        assertThat(reboot.targetCondition()).isEqualTo("IS_DEFINED(deviceId)");
        assertThat(reboot.operation().wireMethodName()).isEqualTo("reboot");
    }

    @Test
    void theFailureThresholdAppliesOnlyAfterItsMinimumAndTheFirstLimitReached() {
        FailureThreshold t = new FailureThreshold(4, 25.0, 8, FailureAction.PAUSE);
        assertThat(t.isReached(3, 7, 10)).isFalse(); // 30 % of the wave, but only 7 finished
        assertThat(t.isReached(3, 8, 12)).isTrue(); // 25 % of the wave
        assertThat(t.isReached(3, 8, 100)).isFalse(); // early failures are not 25 % of the wave
        assertThat(t.isReached(4, 40, 100)).isTrue(); // 4 % but 4 failed
        assertThat(t.isReached(1, 1, 1)).isTrue(); // a one-device wave: the minimum is the wave
        assertThat(t.describe()).isEqualTo("4 failed devices or 25 % of the wave");
    }
}
