package dev.twinops.console.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void quotesCommasQuotesAndLineBreaksAndKeepsUnicode() throws Exception {
        Path file = dir.resolve("devices.csv");
        try (CsvTable table = CsvTable.create(file, List.of("Device ID", "Tags"))) {
            table.row(List.of("dev-1", "site=plant, 1"));
            table.row(List.of("dev-\"2\"", "note=line one\nline two"));
            table.row(Arrays.asList("dev-ü-3", null));
            table.commit();
        }

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("Device ID,Tags\r\n"
                + "dev-1,\"site=plant, 1\"\r\n"
                + "\"dev-\"\"2\"\"\",\"note=line one\nline two\"\r\n"
                + "dev-ü-3,\r\n");
        assertThat(read(file)).extracting(r -> r.get(1))
                .containsExactly("Tags", "site=plant, 1", "note=line one\nline two", "");
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreWrittenAsText() throws Exception {
        Path file = dir.resolve("injection.csv");
        List<String> dangerous = List.of("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd");
        try (CsvTable table = CsvTable.create(file, List.of("Tags"))) {
            for (String cell : dangerous) {
                table.row(List.of(cell));
            }
            table.row(List.of("plain=1"));
            table.commit();
        }

        assertThat(read(file)).extracting(r -> r.get(0)).containsExactly("Tags", "'=HYPERLINK(\"http://x\")", "'+1+1",
                "'-2+3", "'@SUM(A1)", "'\tcmd", "'\rcmd", "plain=1");
    }

    @Test
    void anExportThatFailsLeavesTheEarlierFileAndNoTemporaryOne() throws Exception {
        Path file = dir.resolve("devices.csv");
        Files.writeString(file, "earlier");
        try (CsvTable table = CsvTable.create(file, List.of("a", "b"))) {
            table.row(List.of("1", "2"));
            assertThatThrownBy(() -> table.row(List.of("only one"))).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(Files.readString(file)).isEqualTo("earlier");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.parse(in).getRecords();
        }
    }
}
