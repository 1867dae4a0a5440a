package dev.twinops.rollout.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only journal of operator actions: one JSON object a line ({@code seq, time, hub, action, targets,
 * jobIds, outcome, details, prev, hash}), owner-only. Each line's {@code hash} is the SHA-256 of the previous
 * line's hash and the line's own text, and a small head file keeps the last sequence number and hash, so
 * {@link #verify()} finds an edited, removed, reordered or truncated line. Secrets never enter it: values are
 * passed through {@link SecretRedactor}.
 *
 * <p>Safe to share between threads and between processes on one machine (the console and the command line
 * appending to one journal): appends hold an exclusive file lock.
 */
public final class AuditJournal {

    public static final String GENESIS = "0".repeat(64);
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final String HASH_FIELD = ",\"hash\":\"";

    private final Path file;
    private final Path head;
    private final Clock clock;
    private final ObjectMapper mapper = RolloutJson.mapper();

    public AuditJournal(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.head = this.file.resolveSibling(this.file.getFileName() + ".head");
        this.clock = clock;
    }

    /** The journal in an application home: {@code <home>/audit/journal.jsonl}. */
    public static AuditJournal inHome(Path home, Clock clock) {
        return new AuditJournal(home.resolve("audit").resolve("journal.jsonl"), clock);
    }

    public Path file() {
        return file;
    }

    /** Appends one entry (secrets redacted) and returns it as written. */
    public AuditEntry append(AuditEvent event) throws IOException {
        synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
            OwnerOnlyFiles.directory(file.getParent());
            OwnerOnlyFiles.createFile(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock ignored = ch.lock()) {
                Head last = readHead();
                long seq = last.seq() + 1;
                ObjectNode body = mapper.createObjectNode();
                body.put("seq", seq);
                body.put("time", clock.instant().toString());
                body.put("hub", SecretRedactor.redact(event.hub()));
                body.put("action", SecretRedactor.redact(event.action()));
                body.set("targets", mapper.valueToTree(SecretRedactor.redact(event.targets())));
                body.set("jobIds", mapper.valueToTree(SecretRedactor.redact(event.jobIds())));
                if (event.outcome() != null) {
                    body.put("outcome", SecretRedactor.redact(event.outcome()));
                }
                body.set("details", mapper.valueToTree(SecretRedactor.redactDetails(event.details())));
                body.put("prev", last.hash());
                String text = mapper.writeValueAsString(body);
                String open = text.substring(0, text.length() - 1);
                String hash = hash(last.hash(), open);
                String line = open + HASH_FIELD + hash + "\"}\n";
                ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
                OwnerOnlyFiles.writeAtomically(head, "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"}\n");
                return toEntry(mapper.readTree(line));
            }
        }
    }

    /** Every entry, oldest first (lines that cannot be read are left out; {@link #verify()} names them). */
    public List<AuditEntry> entries() throws IOException {
        List<AuditEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            try {
                entries.add(toEntry(mapper.readTree(line)));
            } catch (JsonProcessingException | RuntimeException e) {
                // a damaged line: verify() reports it
            }
        }
        return entries;
    }

    /** Checks the whole chain and the head; the first problem found is reported with its line number. */
    public VerifyResult verify() throws IOException {
        if (!Files.exists(file)) {
            return Files.exists(head) ? VerifyResult.problem(0, 1, "the journal file is missing")
                    : VerifyResult.ok(0);
        }
        byte[] bytes = Files.readAllBytes(file);
        String all = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = all.isEmpty() ? new String[0] : all.split("\n", -1);
        int count = lines.length == 0 ? 0 : lines.length - 1; // text after the last newline is not a full line
        String prev = GENESIS;
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int at = line.lastIndexOf(HASH_FIELD);
            if (at < 0 || !line.endsWith("\"}")) {
                return VerifyResult.problem(i, lineNo, "line " + lineNo + " is not a journal entry (no hash)");
            }
            String open = line.substring(0, at);
            String claimed = line.substring(at + HASH_FIELD.length(), line.length() - 2);
            JsonNode node;
            try {
                node = mapper.readTree(open + "}");
            } catch (JsonProcessingException e) {
                return VerifyResult.problem(i, lineNo, "line " + lineNo + " is not valid JSON (edited)");
            }
            long seq = node.path("seq").asLong(-1);
            if (seq != lineNo) {
                String why = seq > lineNo ? "an entry before it was removed" : "entries were reordered or copied";
                return VerifyResult.problem(i, lineNo, "line " + lineNo + " holds entry " + seq + " where entry "
                        + lineNo + " belongs: " + why);
            }
            if (!prev.equals(node.path("prev").asText())) {
                return VerifyResult.problem(i, lineNo, "line " + lineNo + " does not follow the line before it "
                        + "(removed, reordered or edited entries)");
            }
            if (!hash(prev, open).equals(claimed)) {
                return VerifyResult.problem(i, lineNo, "line " + lineNo + " was edited: its hash does not match "
                        + "its content");
            }
            prev = claimed;
        }
        if (lines.length > 0 && !lines[lines.length - 1].isEmpty()) {
            return VerifyResult.problem(count, count + 1, "line " + (count + 1) + " is incomplete (the journal was "
                    + "truncated or a write was cut short)");
        }
        Head last = readHeadFile();
        if (last != null) {
            if (last.seq() > count) {
                return VerifyResult.problem(count, count + 1, "the journal ends after line " + count + " but "
                        + last.seq() + " entries were written: it was truncated");
            }
            if (last.seq() == count && count > 0 && !last.hash().equals(prev)) {
                return VerifyResult.problem(count - 1, count, "line " + count + " is not the last entry written "
                        + "(replaced)");
            }
        } else if (count > 0) {
            return VerifyResult.problem(count, count + 1, "the journal's head file is missing: it cannot show "
                    + "whether entries were removed from the end");
        }
        return VerifyResult.ok(count);
    }

    private Head readHead() throws IOException {
        Head h = readHeadFile();
        if (h != null) {
            return h;
        }
        List<AuditEntry> entries = entries();
        return entries.isEmpty() ? new Head(0, GENESIS)
                : new Head(entries.get(entries.size() - 1).seq(), entries.get(entries.size() - 1).hash());
    }

    private Head readHeadFile() throws IOException {
        if (!Files.exists(head)) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(Files.readString(head, StandardCharsets.UTF_8));
            return new Head(n.path("seq").asLong(), n.path("hash").asText());
        } catch (JsonProcessingException e) {
            throw new IOException("the journal's head file " + head + " is damaged", e);
        }
    }

    private AuditEntry toEntry(JsonNode n) throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        Map<String, Object> details = mapper.treeToValue(n.path("details"), Map.class);
        List<String> targets = new ArrayList<>();
        n.path("targets").forEach(t -> targets.add(t.asText()));
        List<String> jobIds = new ArrayList<>();
        n.path("jobIds").forEach(t -> jobIds.add(t.asText()));
        return new AuditEntry(n.path("seq").asLong(), Instant.parse(n.path("time").asText()),
                n.path("hub").asText(null), n.path("action").asText(), targets, jobIds,
                n.path("outcome").asText(null), details == null ? Map.of() : details, n.path("prev").asText(),
                n.path("hash").asText());
    }

    static String hash(String prev, String lineWithoutHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(lineWithoutHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Head(long seq, String hash) {
    }
}
