package dev.twinops.console.progress;

import java.util.List;

import dev.twinops.console.devices.DeviceSnapshot;

/**
 * Receives what the monitor learns, on the monitor's thread; each listener takes what it shows (the panel the
 * summaries, the device list the rows) and hands it to the UI.
 */
public interface ProgressSink {

    /**
     * A device's progress in an operation changed.
     *
     * @param rowLabel what the device's row calls the operation: "Firmware 2.0.0", "Reboot"
     */
    default void device(String operationId, String rowLabel, DeviceProgress progress) {
    }

    /** A device's table fields as the last progress query read them. */
    default void snapshot(DeviceSnapshot snapshot) {
    }

    /** An operation's counts changed. The first summary of an operation comes before its devices. */
    default void summary(OperationSummary summary) {
    }

    /** Stops showing an operation (dismissed). */
    default void removed(String operationId) {
    }

    /** Tells each of {@code sinks}, in order. */
    static ProgressSink all(ProgressSink... sinks) {
        List<ProgressSink> all = List.of(sinks);
        return new ProgressSink() {
            @Override
            public void device(String operationId, String rowLabel, DeviceProgress progress) {
                all.forEach(s -> s.device(operationId, rowLabel, progress));
            }

            @Override
            public void snapshot(DeviceSnapshot snapshot) {
                all.forEach(s -> s.snapshot(snapshot));
            }

            @Override
            public void summary(OperationSummary summary) {
                all.forEach(s -> s.summary(summary));
            }

            @Override
            public void removed(String operationId) {
                all.forEach(s -> s.removed(operationId));
            }
        };
    }
}
