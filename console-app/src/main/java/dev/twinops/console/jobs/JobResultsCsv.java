package dev.twinops.console.jobs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.twinops.console.csv.CsvTable;

/** A job's per-device results as CSV: one row per device, the device's answer or the hub's error as sent. */
public final class JobResultsCsv {

    public static final List<String> HEADER = List.of("Device ID", "Job ID", "Status", "Method status",
            "Response payload", "Error code", "Error description");

    private JobResultsCsv() {
    }

    /** Writes the rows; blocks. Returns the number of rows written. */
    public static long write(Path file, List<JobDeviceResult> results) throws Exception {
        try (CsvTable table = CsvTable.create(file, HEADER)) {
            for (JobDeviceResult r : results) {
                table.row(Arrays.asList(r.deviceId(), r.jobId(), r.status(),
                        r.methodStatus() == null ? "" : r.methodStatus().toString(),
                        r.payloadJson() == null || r.payloadJson().equals("null") ? "" : r.payloadJson(),
                        r.errorCode(), r.errorDescription()));
            }
            table.commit();
            return table.rows();
        }
    }
}
