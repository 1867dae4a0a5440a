package dev.twinops.console.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubErrors;
import dev.twinops.console.tasks.BackgroundTask;
import dev.twinops.console.tasks.Generation;
import dev.twinops.console.tasks.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The jobs view: the hub's jobs with their statistics, the selected job's per-device results, and cancelling a
 * job that has not finished. While shown it refreshes itself, more slowly on a throttled tier; stale answers (an
 * older refresh, another hub) are dropped by generation.
 */
public final class JobsViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(JobsViewModel.class);

    private final Function<HubConnection, JobsService> services;
    private final TaskRunner tasks;
    private final ScheduledExecutorService timer;
    private final Supplier<java.time.Duration> refreshInterval;

    private final ObservableList<JobRow> jobs = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<JobRow> jobsView = FXCollections.unmodifiableObservableList(jobs);
    private final Map<String, JobRow> byId = new HashMap<>();
    private final ObservableList<JobDeviceResult> deviceResults = FXCollections.observableArrayList();
    // One read-only view, kept: listeners on a view that was thrown away would silently stop.
    private final ObservableList<JobDeviceResult> deviceResultsView =
            FXCollections.unmodifiableObservableList(deviceResults);
    private final ObjectProperty<JobRow> selectedJob = new SimpleObjectProperty<>(this, "selectedJob");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final BooleanBinding canCancel;
    private final Generation refreshes = new Generation();
    private HubConnection hub;
    private JobsService service;
    private ScheduledFuture<?> autoRefresh;
    /** The message says something about the list itself (cleared once the list has jobs). */
    private boolean listingProblem;

    /**
     * @param refreshInterval how often to refresh while shown (longer on a throttled tier)
     */
    public JobsViewModel(Function<HubConnection, JobsService> services, TaskRunner tasks,
                         ScheduledExecutorService timer, Supplier<java.time.Duration> refreshInterval) {
        this.services = Objects.requireNonNull(services);
        this.tasks = Objects.requireNonNull(tasks);
        this.timer = Objects.requireNonNull(timer);
        this.refreshInterval = Objects.requireNonNull(refreshInterval);
        canCancel = Bindings.createBooleanBinding(() -> {
            JobRow row = selectedJob.get();
            return row != null && row.info().isActive();
        }, selectedJob, jobs);
        selectedJob.addListener((obs, old, row) -> {
            deviceResults.clear();
            if (row != null) {
                loadDevices(row.jobId());
            }
        });
    }

    public ObservableList<JobRow> jobs() {
        return jobsView;
    }

    public ObservableList<JobDeviceResult> deviceResults() {
        return deviceResultsView;
    }

    /** The job whose device results are shown (set by the view). */
    public ObjectProperty<JobRow> selectedJobProperty() {
        return selectedJob;
    }

    /** The last problem or the result of a cancel; "" when nothing to say. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public BooleanBinding canCancelProperty() {
        return canCancel;
    }

    /** Points the view at another hub (null: none). */
    public void useConnection(HubConnection newHub) {
        hub = newHub;
        service = newHub == null ? null : services.apply(newHub);
        refreshes.invalidate();
        jobs.clear();
        byId.clear();
        deviceResults.clear();
        message.set("");
    }

    /** Refreshes now, then every interval while {@code shown} (the view is visible). */
    public void setShown(boolean shown) {
        if (autoRefresh != null) {
            autoRefresh.cancel(false);
            autoRefresh = null;
        }
        if (shown) {
            refresh();
            scheduleNext();
        }
    }

    private void scheduleNext() {
        long millis = refreshInterval.get().toMillis();
        autoRefresh = timer.schedule(() -> tasks.onUiThread(() -> {
            if (autoRefresh != null) {
                refresh();
                scheduleNext();
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the job list and the selected job's rows again. */
    public void refresh() {
        JobsService from = service;
        if (from == null) {
            message.set("Not connected to a hub yet.");
            return;
        }
        Generation.Token run = refreshes.next();
        loading.set(true);
        JobRow selected = selectedJob.get();
        tasks.run(BackgroundTask.of(from::listJobs)
                .onlyWhile(run::isCurrent)
                .onSuccess(this::show)
                .onFailureInBackground(e -> LOG.warn("Listing jobs failed: {}", e.toString()))
                .onFailure(e -> {
                    loading.set(false);
                    listingProblem = true;
                    message.set("Could not list jobs: " + HubErrors.hubMessage(e));
                }));
        if (selected != null) {
            loadDevices(selected.jobId());
        }
    }

    /** Cancels the selected job. */
    public void cancelSelected() {
        JobRow row = selectedJob.get();
        JobsService from = service;
        if (row == null || from == null) {
            return;
        }
        tasks.run(BackgroundTask.of(() -> from.cancel(row.jobId()))
                .onSuccess(cancelled -> {
                    row.apply(cancelled);
                    message.set("Job " + row.jobId() + " is " + cancelled.status()
                            + ": devices not yet called will not be called; calls under way finish.");
                    refresh();
                })
                .onFailure(e -> message.set("Could not cancel " + row.jobId() + ": " + HubErrors.hubMessage(e))));
    }

    private void show(List<JobInfo> list) {
        loading.set(false);
        if (list.isEmpty()) {
            message.set("No jobs on this hub yet.");
            listingProblem = true; // cleared with the first job
        } else if (listingProblem) {
            message.set(""); // the list works again; a cancel's note stays
            listingProblem = false;
        }
        List<JobRow> ordered = new ArrayList<>(list.size());
        boolean changedMembers = list.size() != jobs.size();
        for (JobInfo info : list) {
            JobRow row = byId.get(info.jobId());
            if (row == null) {
                row = new JobRow(info);
                byId.put(info.jobId(), row);
                changedMembers = true;
            } else {
                row.apply(info);
            }
            ordered.add(row);
        }
        if (changedMembers || !ordered.equals(jobs)) {
            JobRow selected = selectedJob.get();
            jobs.setAll(ordered);
            byId.keySet().retainAll(list.stream().map(JobInfo::jobId).toList());
            if (selected != null && !byId.containsKey(selected.jobId())) {
                selectedJob.set(null);
            }
        }
        canCancel.invalidate();
    }

    private void loadDevices(String jobId) {
        JobsService from = service;
        if (from == null) {
            return;
        }
        tasks.run(BackgroundTask.of(() -> from.deviceResults(jobId))
                .onSuccess(rows -> {
                    JobRow selected = selectedJob.get();
                    if (selected != null && selected.jobId().equals(jobId) && !rows.equals(deviceResults)) {
                        deviceResults.setAll(rows);
                    }
                })
                .onFailureInBackground(e -> LOG.warn("Reading the devices of job {} failed: {}", jobId, e.toString()))
                .onFailure(e -> message.set("Could not read the devices of " + jobId + ": " + HubErrors.hubMessage(e))));
    }

    /** Writes the selected job's per-device results to {@code file} off the FX thread; the message says how it went. */
    public void exportResults(java.nio.file.Path file) {
        JobRow job = selectedJob.get();
        if (job == null) {
            return;
        }
        List<JobDeviceResult> rows = List.copyOf(deviceResults);
        tasks.run(BackgroundTask.of(() -> JobResultsCsv.write(file, rows))
                .onSuccess(n -> message.set("Exported " + n + (n == 1 ? " device's" : " devices'") + " results of "
                        + job.jobId() + " to " + file.getFileName()))
                .onFailure(e -> message.set("Export failed, " + file.getFileName() + " not written: " + e.getMessage())));
    }

    public void close() {
        setShown(false);
    }
}
