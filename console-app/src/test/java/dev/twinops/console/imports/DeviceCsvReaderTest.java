package dev.twinops.console.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and checking import files: each row's problems, and files refused as a whole. */
class DeviceCsvReaderTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString(new byte[16]);

    @TempDir
    Path dir;

    private static ImportFile parse(String text) {
        return DeviceCsvReader.parse("devices.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tagColumnsBecomeNestedTagsAndTheJsonColumnIsMergedUnderThem() {
        ImportFile file = parse("id,tags.site,tags.location.building,tags\r\n"
                + "sensor-1,plant-1,B7,\"{\"\"ring\"\": \"\"canary\"\", \"\"floor\"\": 3}\"\r\n"
                + "sensor-2,,,\r\n");

        assertThat(file.usable()).isTrue();
        assertThat(file.rows()).hasSize(2);
        ImportRow first = file.rows().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.valid()).isTrue();
        assertThat(first.tags().toString())
                .isEqualTo("{\"ring\":\"canary\",\"floor\":3,\"site\":\"plant-1\",\"location\":{\"building\":\"B7\"}}");
        assertThat(first.hasKeys()).isFalse();
        assertThat(file.rows().get(1).tags()).isNull(); // empty cells set nothing
    }

    @Test
    void eachRowSaysWhatBreaksIotHubsRules() {
        ImportFile file = parse("deviceId,tags,primaryKey,secondaryKey\n"
                + "ok-1,,,\n"
                + "has space,,,\n"
                + "x".repeat(129) + ",,,\n"
                + "bad-json,{\"site\": ,,\n"
                + "not-object,[1],,\n"
                + "dollar-key,\"{\"\"$site\"\": 1}\",,\n"
                + "one-key,," + KEY_A + ",\n"
                + "not-base64,,%%%," + KEY_A + "\n"
                + "short-key,," + Base64.getEncoder().encodeToString(new byte[8]) + "," + KEY_B + "\n"
                + "twice,,,\n"
                + "keys-ok,," + KEY_A + "," + KEY_B + "\n"
                + "twice,,,\n"
                + ",,,\n");

        assertThat(file.usable()).isTrue();
        assertThat(problems(file, 2)).isEmpty();
        assertThat(problems(file, 3)).containsExactly("device id has space has a space; IoT Hub allows "
                + DeviceCsvReader.ALLOWED_ID_CHARACTERS);
        assertThat(problems(file, 4)).containsExactly("device id is 129 characters; IoT Hub allows 128");
        assertThat(problems(file, 5)).singleElement().asString().startsWith("tags are not valid JSON at line 1");
        assertThat(problems(file, 6)).singleElement().asString().contains("must be a JSON object");
        assertThat(problems(file, 7)).singleElement().asString().contains("\"$site\"").contains("'$'");
        assertThat(problems(file, 8)).containsExactly("give both keys or neither (the hub generates both)");
        assertThat(problems(file, 9)).containsExactly("primaryKey is not base64");
        assertThat(problems(file, 10)).containsExactly(
                "primaryKey is 8 bytes; IoT Hub keys are base64 of 16 to 64 bytes");
        assertThat(problems(file, 11)).containsExactly("device id twice is also on line 13");
        assertThat(problems(file, 12)).isEmpty();
        assertThat(file.rows().get(10).primaryKey()).isEqualTo(KEY_A);
        assertThat(problems(file, 13)).containsExactly("device id twice is also on line 11");
        assertThat(problems(file, 14)).containsExactly("no device id");
        assertThat(file.validRows()).extracting(ImportRow::deviceId).containsExactly("ok-1", "keys-ok");
        assertThat(file.invalidCount()).isEqualTo(11);
    }

    @Test
    void keysAreLeftOutOfARowsText() {
        ImportRow row = parse("id,primaryKey,secondaryKey\nd1," + KEY_A + "," + KEY_B + "\n").rows().get(0);
        assertThat(row.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B).contains("keys=given");
    }

    @Test
    void theApostropheTheConsolesExportPutsBeforeAFormulaIsTakenOff() {
        ImportFile file = parse("Device ID,tags.note\n'=odd@id,'-5\n'plain',x\n");
        assertThat(file.rows()).extracting(ImportRow::deviceId).containsExactly("=odd@id", "'plain'");
        assertThat(file.rows().get(0).tags().path("note").asText()).isEqualTo("-5");
    }

    @Test
    void filesThatCannotBeImportedAreRefusedWithOneMessage() throws Exception {
        assertThat(parse("").problem()).contains("is empty");
        assertThat(parse("id,tags.site\n").problem()).isEqualTo("devices.csv has a header row but no devices.");
        assertThat(parse("sensor-1,plant-1\nsensor-2,plant-2\n").problem())
                .contains("column \"sensor-1\" is not one of id, tags");
        assertThat(parse("name,site\nsensor-1,plant-1\n").problem()).contains("column \"name\" is not one of");
        assertThat(parse("tags.site\nplant-1\n").problem())
                .contains("the first row must be a header with an id column");
        assertThat(parse("id,ID\na,b\n").problem()).contains("names column \"ID\" twice");
        assertThat(parse("id,tags.a,tags.a.b\nd,1,2\n").problem()).contains("tags.a and tags.a.b cannot both");
        assertThat(parse("id,tags\nd1,\"{unclosed\n").problem()).startsWith("devices.csv is not valid CSV");
        assertThat(DeviceCsvReader.parse("devices.csv", new byte[] {'i', 'd', '\n', (byte) 0x89, 'P', 'N', 'G', 0})
                .problem()).contains("not a CSV text file");
        assertThat(DeviceCsvReader.parse("devices.csv", new byte[] {'i', 'd', '\n', 'd', (byte) 0xE9, '\n'})
                .problem()).contains("not UTF-8 text");

        StringBuilder many = new StringBuilder("id\n");
        for (int i = 0; i <= DeviceCsvReader.MAX_ROWS; i++) {
            many.append("d-").append(i).append('\n');
        }
        assertThat(parse(many.toString()).problem()).contains("more than 100,000 devices");

        Path big = dir.resolve("big.csv");
        Files.write(big, new byte[(int) DeviceCsvReader.MAX_BYTES + 1]);
        assertThat(DeviceCsvReader.read(big).problem()).isEqualTo(
                "big.csv is 10.0 MB; an import file may be at most 10.0 MB. Split it into smaller files.");
        assertThat(DeviceCsvReader.read(dir.resolve("missing.csv")).problem()).startsWith("There is no file");
    }

    @Test
    void aSpreadsheetsByteOrderMarkIsNotPartOfTheHeader() {
        ImportFile file = parse("\uFEFFid\r\nsensor-1\r\n");
        assertThat(file.usable()).isTrue();
        assertThat(file.rows()).extracting(ImportRow::deviceId).containsExactly("sensor-1");
    }

    @Test
    void thePreviewShowsTheFirstRowsAndEveryRowWithAProblem() {
        StringBuilder text = new StringBuilder("id\n");
        for (int i = 0; i < 500; i++) {
            text.append(i == 400 ? "bad id" : "d-" + i).append('\n');
        }
        List<ImportRow> preview = DeviceImportViewModel.previewRows(parse(text.toString()).rows());
        assertThat(preview).hasSize(DeviceImportViewModel.PREVIEW_FIRST_ROWS + 1);
        assertThat(preview.get(preview.size() - 1).deviceId()).isEqualTo("bad id");
    }

    private static List<String> problems(ImportFile file, long line) {
        return file.rows().stream().filter(r -> r.line() == line).findFirst().orElseThrow().problems();
    }
}
