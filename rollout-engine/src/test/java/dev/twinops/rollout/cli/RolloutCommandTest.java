package dev.twinops.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RolloutCommandTest {

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RolloutCommand command = new RolloutCommand(env::get);
        command.tick = java.time.Duration.ofMillis(100);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = RolloutCommand.run(command, cli, args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void anInvalidPlanIsRefusedWithEveryProblemNamedAndExit2() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"operation\": {\"type\": \"firmwareUpdate\", "
                + "\"packageUri\": \"https://fw.example/a.bin\", \"version\": \"2.0.0\", \"sha256\": \"abc\"}, "
                + "\"waves\": [{\"percent\": 150}]}");

        Outcome o = run(Map.of(), "run", plan.toString(), "--home", dir.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("operation.sha256").contains("waves[0].percent");
    }

    @Test
    void withoutAHubTheCommandSaysHowToNameOne() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"operation\": {\"type\": \"reboot\"}}");

        Outcome o = run(Map.of(), "run", plan.toString(), "--home", dir.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--hub-data").contains("TWINOPS_CONNECTION_STRING");
    }

    @Test
    void aMissingPlanFileOrRolloutIsAUsageError() {
        assertThat(run(Map.of(), "run", dir.resolve("nope.json").toString()).err()).contains("no such file");
        Outcome unknown = run(Map.of(), "status", "r-none", "--home", dir.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no rollout 'r-none'");
        assertThat(run(Map.of(), "frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void theHomeComesFromTheEnvironmentWhenNotGiven() {
        Outcome o = run(Map.of("TWINOPS_HOME", dir.toString()), "journal", "verify");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("no journal at " + dir.resolve("audit").resolve("journal.jsonl"));
    }
}
