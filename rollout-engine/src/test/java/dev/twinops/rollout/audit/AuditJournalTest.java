package dev.twinops.rollout.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private AuditJournal journalWithFiveEntries() throws Exception {
        AuditJournal journal = AuditJournal.inHome(home, clock);
        journal.append(AuditEvent.of("rollout.created", "hub.example").targets(List.of("tags.site = 'a'"))
                .outcome("planned"));
        clock.advance(Duration.ofSeconds(1));
        journal.append(AuditEvent.of("wave.method-job", "hub.example").targets(List.of("dev-1", "dev-2"))
                .jobIds(List.of("r1-w1-a1-b0")).outcome("scheduled").detail("wave", 1));
        journal.append(AuditEvent.of("rollout.paused", "hub.example").outcome("failure threshold reached"));
        journal.append(AuditEvent.of("operation.reboot", "hub.example").targets(List.of("dev-7")).outcome("ok"));
        journal.append(AuditEvent.of("twin.edit", "hub.example").targets(List.of("dev-7"))
                .detail("desired", Map.of("telemetryInterval", 30)).outcome("ok"));
        return journal;
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(home.resolve("audit/journal.jsonl"), StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(home.resolve("audit/journal.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void everyActionIsAppendedInOrderChainedAndVerifies() throws Exception {
        AuditJournal journal = journalWithFiveEntries();

        List<AuditEntry> entries = journal.entries();
        assertThat(entries).extracting(AuditEntry::action).containsExactly("rollout.created", "wave.method-job",
                "rollout.paused", "operation.reboot", "twin.edit");
        assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(entries.get(0).prev()).isEqualTo(AuditJournal.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prev()).isEqualTo(entries.get(i - 1).hash());
        }
        assertThat(entries.get(1).jobIds()).containsExactly("r1-w1-a1-b0");
        assertThat(entries.get(1).time()).isEqualTo(Instant.parse("2026-03-01T10:00:01Z"));
        assertThat(entries.get(1).hub()).isEqualTo("hub.example");
        assertThat(journal.verify()).isEqualTo(new VerifyResult(true, 5, null, null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void anEditedLineIsReportedWithItsNumber() throws Exception {
        AuditJournal journal = journalWithFiveEntries();
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("failure threshold reached", "resumed by the operator"));
        write(lines);

        VerifyResult result = journal.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.badLine()).isEqualTo(3);
        assertThat(result.problem()).contains("line 3 was edited");
    }

    @Test
    void aRemovedLineIsReported() throws Exception {
        AuditJournal journal = journalWithFiveEntries();
        List<String> lines = lines();
        lines.remove(1);
        write(lines);

        VerifyResult result = journal.verify();

        assertThat(result.badLine()).isEqualTo(2);
        assertThat(result.problem()).contains("holds entry 3").contains("removed");
    }

    @Test
    void reorderedLinesAreReported() throws Exception {
        AuditJournal journal = journalWithFiveEntries();
        List<String> lines = lines();
        Collections.swap(lines, 3, 4);
        write(lines);

        assertThat(journal.verify().badLine()).isEqualTo(4);
    }

    @Test
    void aTruncatedJournalIsReported() throws Exception {
        AuditJournal journal = journalWithFiveEntries();
        List<String> lines = lines();
        write(lines.subList(0, 3)); // the last two whole lines gone

        VerifyResult result = journal.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.badLine()).isEqualTo(4);
        assertThat(result.problem()).contains("truncated").contains("5 entries were written");

        String cut = String.join("\n", lines) + "\n";
        Files.writeString(journal.file(), cut.substring(0, cut.length() - 20)); // a line cut in the middle
        VerifyResult partial = journal.verify();
        assertThat(partial.badLine()).isEqualTo(5);
        assertThat(partial.problem()).contains("incomplete");
    }

    @Test
    void aLastLineReplacedByAWellFormedForgeryIsReported() throws Exception {
        AuditJournal journal = journalWithFiveEntries();
        Path head = journal.file().resolveSibling("journal.jsonl.head");
        String realHead = Files.readString(head);
        List<String> lines = lines();
        write(lines.subList(0, 4));
        Files.writeString(head, "{\"seq\":4,\"hash\":\"" + journal.entries().get(3).hash() + "\"}\n");
        journal.append(AuditEvent.of("rollout.resumed", "hub.example").outcome("ok")); // a chained line 5
        Files.writeString(head, realHead); // the head still names the original line 5

        VerifyResult result = journal.verify();

        assertThat(result.badLine()).isEqualTo(5);
        assertThat(result.problem()).contains("not the last entry written");
    }

    @Test
    void secretsGivenInAnyFieldNeverReachTheFile() throws Exception {
        AuditJournal journal = AuditJournal.inHome(home, clock);
        String connectionString = "HostName=hub.example;SharedAccessKeyName=iothubowner;"
                + "SharedAccessKey=c2VjcmV0LWtleS1tYXRlcmlhbA==";
        journal.append(AuditEvent.of("connection.saved", connectionString)
                .targets(List.of(connectionString, "https://store.example/fw.bin?sv=2024&sig=c2lnbmF0dXJl"))
                .outcome("SharedAccessSignature sr=hub.example&sig=abc%2Bdef&se=1767225600&skn=iothubowner")
                .detail("connectionString", connectionString)
                .detail("note", "device key SharedAccessKey=ZGV2aWNlLWtleQ==")
                .detail("nested", Map.of("password", "hunter2", "list", List.of("AccountKey=YWNjb3VudA==")))
                .detail("primaryKey", "ZGV2aWNlLWtleQ=="));

        String text = Files.readString(journal.file());
        for (String secret : List.of("c2VjcmV0LWtleS1tYXRlcmlhbA==", "c2lnbmF0dXJl", "abc%2Bdef", "ZGV2aWNlLWtleQ==",
                "hunter2", "YWNjb3VudA==", "sv=2024")) {
            assertThat(text).doesNotContain(secret);
        }
        assertThat(text).contains("SharedAccessKey=[redacted]").contains("https://store.example/fw.bin?[redacted]")
                .contains("SharedAccessKeyName=iothubowner");
        assertThat(journal.verify().intact()).isTrue();
    }

    @Test
    void concurrentAppendsKeepTheChainWhole() throws Exception {
        AuditJournal a = AuditJournal.inHome(home, clock);
        AuditJournal b = AuditJournal.inHome(home, clock); // e.g. the console and the rollout engine
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AuditJournal j = i % 2 == 0 ? a : b;
                int n = i;
                futures.add(pool.submit(() -> j.append(AuditEvent.of("test." + n, "hub.example"))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.verify()).isEqualTo(new VerifyResult(true, 40, null, null));
    }
}
