package dev.twinops.console.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;

import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;

class JobsViewModelTest {

    private static final String CONNECTION_STRING = "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;"
            + "SharedAccessKey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<JobInfo> jobs = new ArrayList<>();
    private final List<String> cancelled = new ArrayList<>();

    private final JobsService service = new JobsService() {
        @Override
        public List<JobInfo> listJobs() {
            return List.copyOf(jobs);
        }

        @Override
        public List<JobDeviceResult> deviceResults(String jobId) {
            return List.of(new JobDeviceResult("d1", jobId, "completed", 200, "{\"code\":\"ACCEPTED\"}", null, null),
                    new JobDeviceResult("d2", jobId, "failed", null, null, "DeviceNotOnline",
                            "Timed out waiting for device to connect. (errorCode 404103)"));
        }

        @Override
        public JobInfo cancel(String jobId) throws Exception {
            if (jobId.equals("gone")) {
                throw new IotHubNotFoundException("{\"errorCode\":404002,\"message\":\"The job does not exist\"}");
            }
            cancelled.add(jobId);
            return job(jobId, "cancelled", 3, 1, 0);
        }
    };

    private final JobsViewModel model = new JobsViewModel(hub -> service, new CurrentThreadTaskRunner(), timer,
            () -> Duration.ofMinutes(1));

    @AfterEach
    void stop() {
        model.close();
        timer.shutdownNow();
    }

    private static JobInfo job(String id, String status, int devices, int succeeded, int running) {
        return new JobInfo(id, "scheduleDeviceMethod", status, "reboot", "deviceId IN ['d1', 'd2']",
                Instant.parse("2026-03-01T10:00:00Z"), null, null, devices, succeeded, 0, running, 0, null);
    }

    @Test
    void jobsAreListedWithStatisticsAndRowsUpdateInPlace() {
        jobs.add(job("j1", "running", 20, 5, 15));
        model.useConnection(new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING));
        model.refresh();
        JobRow row = model.jobs().get(0);
        assertThat(row.statisticsProperty().get()).isEqualTo("20 devices: 5 succeeded, 0 failed, 15 running");

        model.selectedJobProperty().set(row);
        assertThat(model.deviceResults()).extracting(JobDeviceResult::deviceId).containsExactly("d1", "d2");
        assertThat(model.canCancelProperty().get()).isTrue();

        jobs.set(0, job("j1", "completed", 20, 20, 0));
        model.refresh();
        assertThat(model.jobs().get(0)).isSameAs(row);
        assertThat(row.statusProperty().get()).isEqualTo("completed");
        assertThat(model.canCancelProperty().get()).isFalse();
        assertThat(JobsController.result(model.deviceResults().get(1)))
                .isEqualTo("DeviceNotOnline: Timed out waiting for device to connect. (errorCode 404103)");
    }

    @Test
    void cancellingSaysWhatHappensAndAFailureSaysWhy() {
        jobs.add(job("j2", "running", 3, 1, 2));
        jobs.add(job("gone", "running", 3, 1, 2));
        model.useConnection(new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING));
        model.refresh();

        model.selectedJobProperty().set(model.jobs().get(0));
        model.cancelSelected();
        assertThat(cancelled).containsExactly("j2");
        assertThat(model.messageProperty().get()).isEqualTo("Job j2 is cancelled: devices not yet called will not be "
                + "called; calls under way finish.");

        model.selectedJobProperty().set(model.jobs().get(1));
        model.cancelSelected();
        assertThat(model.messageProperty().get()).isEqualTo("Could not cancel gone: The job does not exist (404002)");
    }

    @Test
    void withoutAHubTheViewSaysSo() {
        model.refresh();
        assertThat(model.messageProperty().get()).isEqualTo("Not connected to a hub yet.");
    }
}
