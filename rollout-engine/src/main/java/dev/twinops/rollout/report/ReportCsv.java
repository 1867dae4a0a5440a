package dev.twinops.rollout.report;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report as CSV, one row per device: id, wave, final state, error, time per phase in seconds. Safe to open in
 * a spreadsheet: a text cell that would start a formula ({@code = + - @}, tab, carriage return) is prefixed with a
 * quote, since device ids and device-reported messages are not the operator's own text.
 */
public final class ReportCsv {

    public static final List<String> HEADER = List.of("device_id", "wave", "wave_name", "final_state", "error_code",
            "error_message", "attempts", "downloading_s", "verifying_s", "applying_s", "rebooting_s");

    private ReportCsv() {
    }

    public static void write(RolloutReport report, Writer out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (DeviceRow d : report.devices()) {
                List<Object> row = new ArrayList<>();
                row.add(safe(d.deviceId()));
                row.add(d.wave());
                row.add(safe(d.waveName()));
                row.add(d.state());
                row.add(safe(d.errorCode()));
                row.add(safe(d.errorMessage()));
                row.add(d.attempts());
                for (String phase : RolloutReport.TIMED_PHASES) {
                    Duration t = d.phaseTimes().get(phase);
                    row.add(t == null ? "" : String.format(Locale.ROOT, "%.3f", t.toMillis() / 1000.0));
                }
                printer.printRecord(row);
            }
        }
    }

    /** A text cell a spreadsheet will not run as a formula. */
    static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        char c = text.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
    }
}
