package dev.twinops.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobResultsCsvTest {

    @TempDir
    Path dir;

    @Test
    void eachDevicesAnswerOrErrorIsARow() throws Exception {
        Path file = dir.resolve("job.csv");
        long rows = JobResultsCsv.write(file, List.of(
                new JobDeviceResult("d1", "job-1", "completed", 200, "{\"accepted\":true}", null, null),
                new JobDeviceResult("d2", "job-1", "failed", null, null, "DeviceNotOnline", "-the device, offline")));

        assertThat(rows).isEqualTo(2);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "Device ID,Job ID,Status,Method status,Response payload,Error code,Error description\r\n"
                        + "d1,job-1,completed,200,\"{\"\"accepted\"\":true}\",,\r\n"
                        + "d2,job-1,failed,,,DeviceNotOnline,\"'-the device, offline\"\r\n");
    }
}
