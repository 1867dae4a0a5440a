package dev.twinops.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.testing.LeaseHolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aRolloutAnotherProcessRunsIsLeftAloneWithExit6AndWhoRunsIt() throws Exception {
        Path hubData = Files.createDirectories(dir.resolve("hub"));
        Files.writeString(hubData.resolve("connection.json"), "{\"serviceEndpoint\": \"127.0.0.1:9\", "
                + "\"serviceConnectionString\": \"HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"
                + "SharedAccessKey=" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}");
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"id\": \"busy\", \"operation\": "
                + "{\"type\": \"reboot\"}}");
        Process console = LeaseHolder.start(dir, "busy", "the console");
        try {
            String held = "rollout busy is being run by another process (pid " + console.pid() + ", the console)";
            for (String[] args : List.of(new String[] {"run", plan.toString()}, new String[] {"resume", "busy"},
                    new String[] {"abort", "busy"})) {
                Outcome o = run(Map.of(), concat(args, "--home", dir.toString(), "--hub-data", hubData.toString()));

                assertThat(o.exit()).as(o.err()).isEqualTo(6);
                assertThat(o.err()).contains(held);
            }
            assertThat(new FileRolloutStore(dir).load("busy")).isEmpty(); // "run" created nothing
        } finally {
            console.destroyForcibly();
            console.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
