package dev.twinops.console.imports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.console.twin.TwinEditException;
import dev.twinops.console.twin.TwinJsonRules;
import dev.twinops.console.twin.TwinSection;

/**
 * Reads a device import file: a header row, then one device a row. Columns: {@code id} (also {@code deviceId} or
 * {@code Device ID}, the device list export's name), tags as {@code tags.site}, {@code tags.location.building}
 * (string values) and/or one {@code tags} column of JSON, optional {@code primaryKey} and {@code secondaryKey}.
 * Each row is checked against IoT Hub's rules before anything is sent: the id's characters and length, duplicate
 * ids, the tags' JSON and twin rules, keys that are base64 of 16 to 64 bytes (both or neither). A file that cannot
 * be imported at all (not UTF-8 text, not CSV, no id column, an unknown column, no rows, over {@link #MAX_BYTES} or
 * {@link #MAX_ROWS}) is refused with one message. Pure: no hub, no UI.
 */
public final class DeviceCsvReader {

    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final int MAX_ROWS = 100_000;

    /** IoT Hub's device id rule: up to 128 ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern ID_CHARACTER = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']");
    static final int MAX_ID_LENGTH = 128;
    static final String ALLOWED_ID_CHARACTERS = "letters, digits and - . + % _ # * ? ! ( ) , : = @ $ '";
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 64;
    /** The console's CSV export writes an apostrophe before these (formula safety); an import takes it off again. */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final String TAG_PREFIX = "tags.";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private DeviceCsvReader() {
    }

    /** Reads and checks the file (blocking). */
    public static ImportFile read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return ImportFile.refused(name, name + " is " + mib(size) + "; an import file may be at most "
                        + mib(MAX_BYTES) + ". Split it into smaller files.");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ImportFile.refused(name, "There is no file " + file + ".");
        } catch (IOException e) {
            return ImportFile.refused(name, "Cannot read " + name + ": " + e.getMessage());
        }
        return parse(name, bytes);
    }

    /** Checks the file's content (the name is for messages). */
    static ImportFile parse(String name, byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return ImportFile.refused(name, name + " is not a CSV text file (it holds binary data).");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return ImportFile.refused(name, name + " is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a spreadsheet's byte-order mark
        }
        if (text.isBlank()) {
            return ImportFile.refused(name, name + " is empty. It needs a header row (id, tags..., primaryKey, "
                    + "secondaryKey) and one device a row.");
        }
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            Columns columns;
            try {
                columns = Columns.of(records.next());
            } catch (IllegalArgumentException badHeader) {
                return ImportFile.refused(name, name + ": " + badHeader.getMessage());
            }
            List<ImportRow> rows = new ArrayList<>();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (rows.size() == MAX_ROWS) {
                    return ImportFile.refused(name, name + " has more than " + String.format("%,d", MAX_ROWS)
                            + " devices; import at most that many at a time.");
                }
                rows.add(columns.row(record));
            }
            if (rows.isEmpty()) {
                return ImportFile.refused(name, name + " has a header row but no devices.");
            }
            return new ImportFile(name, markDuplicates(rows), null);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV: an unclosed quote, text after a closing quote...
            return ImportFile.refused(name, name + " is not valid CSV: " + e.getMessage());
        }
    }

    private static List<ImportRow> markDuplicates(List<ImportRow> rows) {
        Map<String, List<Long>> lines = new HashMap<>();
        for (ImportRow row : rows) {
            if (!row.deviceId().isEmpty()) {
                lines.computeIfAbsent(row.deviceId(), id -> new ArrayList<>()).add(row.line());
            }
        }
        List<ImportRow> checked = new ArrayList<>(rows.size());
        for (ImportRow row : rows) {
            List<Long> same = lines.getOrDefault(row.deviceId(), List.of());
            if (same.size() < 2) {
                checked.add(row);
                continue;
            }
            List<Long> others = same.stream().filter(l -> l != row.line()).toList();
            List<String> problems = new ArrayList<>(row.problems());
            problems.add("device id " + row.deviceId() + " is also on line" + (others.size() > 1 ? "s " : " ")
                    + String.join(", ", others.stream().map(String::valueOf).toList()));
            checked.add(new ImportRow(row.line(), row.deviceId(), row.tags(), row.primaryKey(), row.secondaryKey(),
                    problems));
        }
        return checked;
    }

    /** What is wrong with a device id by IoT Hub's rules, or null. */
    static String idProblem(String id) {
        if (id.isEmpty()) {
            return "no device id";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return "device id is " + id.length() + " characters; IoT Hub allows " + MAX_ID_LENGTH;
        }
        for (int i = 0; i < id.length(); i++) {
            String c = id.substring(i, i + 1);
            if (!ID_CHARACTER.matcher(c).matches()) {
                return "device id " + id + " has " + shown(id.charAt(i)) + "; IoT Hub allows " + ALLOWED_ID_CHARACTERS;
            }
        }
        return null;
    }

    /** What is wrong with a key, or null. */
    static String keyProblem(String which, String key) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            return which + " is not base64";
        }
        if (decoded.length < MIN_KEY_BYTES || decoded.length > MAX_KEY_BYTES) {
            return which + " is " + decoded.length + " bytes; IoT Hub keys are base64 of " + MIN_KEY_BYTES + " to "
                    + MAX_KEY_BYTES + " bytes";
        }
        return null;
    }

    private static String shown(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c)) {
            return "a control character";
        }
        return "'" + c + "'";
    }

    /** A cell as written, less an apostrophe the console's own export put before a formula-like start. */
    static String cell(String value) {
        if (value.length() > 1 && value.charAt(0) == '\'' && FORMULA_STARTS.indexOf(value.charAt(1)) >= 0) {
            return value.substring(1);
        }
        return value;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** The header's meaning: which column is the id, the JSON tags, each tag path, each key. */
    private record Columns(int id, int tagsJson, Map<Integer, List<String>> tagPaths, int primaryKey,
                           int secondaryKey, int width) {

        static Columns of(CSVRecord header) {
            int id = -1;
            int tagsJson = -1;
            int primary = -1;
            int secondary = -1;
            Map<Integer, List<String>> tagPaths = new LinkedHashMap<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                String key = name.toLowerCase(Locale.ROOT);
                Integer before = seen.put(key, i);
                if (before != null) {
                    throw new IllegalArgumentException("the header names column \"" + name + "\" twice (columns "
                            + (before + 1) + " and " + (i + 1) + ").");
                }
                switch (key) {
                    case "id", "deviceid", "device id" -> id = i;
                    case "tags" -> tagsJson = i;
                    case "primarykey" -> primary = i;
                    case "secondarykey" -> secondary = i;
                    default -> {
                        if (key.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length()) {
                            tagPaths.put(i, List.of(name.substring(TAG_PREFIX.length()).split("\\.", -1)));
                        } else {
                            throw new IllegalArgumentException("column \"" + name + "\" is not one of id, tags, "
                                    + "tags.<name> (e.g. tags.site), primaryKey or secondaryKey.");
                        }
                    }
                }
            }
            if (id < 0) {
                throw new IllegalArgumentException("the first row must be a header with an id column (found: "
                        + String.join(", ", header.toList()) + ").");
            }
            checkTagPaths(tagPaths.values());
            return new Columns(id, tagsJson, tagPaths, primary, secondary, header.size());
        }

        /** tags.a and tags.a.b cannot both be set: a is either a value or an object. */
        private static void checkTagPaths(Iterable<List<String>> paths) {
            List<String> dotted = new ArrayList<>();
            paths.forEach(p -> dotted.add(String.join(".", p)));
            for (String a : dotted) {
                for (String b : dotted) {
                    if (b.startsWith(a + ".")) {
                        throw new IllegalArgumentException("columns tags." + a + " and tags." + b + " cannot both be "
                                + "given: tags." + a + " would be a value and an object.");
                    }
                }
            }
        }

        ImportRow row(CSVRecord record) {
            long line = record.getRecordNumber(); // the header is 1: the row's line when no cell spans lines
            List<String> problems = new ArrayList<>();
            String deviceId = cell(value(record, id).strip());
            if (record.size() > width) {
                problems.add("has " + record.size() + " cells; the header has " + width);
            }
            String idProblem = idProblem(deviceId);
            if (idProblem != null) {
                problems.add(idProblem);
            }
            ObjectNode tags = tags(record, problems);
            String primary = primaryKey < 0 ? "" : value(record, primaryKey).strip();
            String secondary = secondaryKey < 0 ? "" : value(record, secondaryKey).strip();
            if (primary.isEmpty() != secondary.isEmpty()) {
                problems.add("give both keys or neither (the hub generates both)");
            } else if (!primary.isEmpty()) {
                String p = keyProblem("primaryKey", primary);
                String s = keyProblem("secondaryKey", secondary);
                if (p != null) {
                    problems.add(p);
                }
                if (s != null) {
                    problems.add(s);
                }
            }
            return new ImportRow(line, deviceId, tags, primary.isEmpty() ? null : primary,
                    secondary.isEmpty() ? null : secondary, problems);
        }

        private ObjectNode tags(CSVRecord record, List<String> problems) {
            ObjectNode tags = JsonNodeFactory.instance.objectNode();
            if (tagsJson >= 0 && !value(record, tagsJson).isBlank()) {
                try {
                    tags = TwinJsonRules.parse(value(record, tagsJson), TwinSection.TAGS);
                } catch (TwinEditException e) {
                    problems.add(e.getMessage().replaceFirst("^Tags", "tags"));
                    return null;
                }
            }
            for (Map.Entry<Integer, List<String>> column : tagPaths.entrySet()) {
                String value = value(record, column.getKey());
                if (value.isEmpty()) {
                    continue; // not set for this device
                }
                ObjectNode parent = tags;
                List<String> path = column.getValue();
                for (String step : path.subList(0, path.size() - 1)) {
                    JsonNode child = parent.get(step);
                    parent = child instanceof ObjectNode object ? object : parent.putObject(step);
                }
                parent.put(path.get(path.size() - 1), cell(value));
            }
            if (tags.isEmpty()) {
                return null;
            }
            try {
                return TwinJsonRules.parse(tags.toString(), TwinSection.TAGS);
            } catch (TwinEditException e) {
                problems.add(e.getMessage().replaceFirst("^Tags", "tags"));
                return null;
            }
        }

        private static String value(CSVRecord record, int column) {
            return column < record.size() ? record.get(column) : "";
        }
    }
}
