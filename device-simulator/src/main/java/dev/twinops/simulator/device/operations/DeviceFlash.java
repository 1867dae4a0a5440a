package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.dm.reported.OperationError;
import dev.twinops.dm.reported.ReportedDeviceState;
import dev.twinops.dm.reported.ReportedPatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated device's persistent memory: the firmware it runs, the last state of each operation, and which
 * reported properties others wrote for it. It survives reboots; {@link #adopt} restores it from the twin when
 * the device starts (a simulated device keeps its flash in the twin), {@link #erase} is a factory reset. Not
 * thread-safe: the device's lock guards it.
 */
public final class DeviceFlash {

    private static final Set<String> OWN_REPORTED_KEYS = Set.of(ReportedPatches.FIRMWARE_VERSION,
            ReportedPatches.DEVICE_INFO, ReportedPatches.IOTHUB_DM, "telemetryInterval");

    private final String factoryFirmwareVersion;
    private String firmwareVersion;
    private final Map<DmMethod, Object> lastStates = new EnumMap<>(DmMethod.class);
    private List<String> customReportedKeys = List.of();

    public DeviceFlash(String factoryFirmwareVersion) {
        this.factoryFirmwareVersion = factoryFirmwareVersion;
        this.firmwareVersion = factoryFirmwareVersion;
    }

    public String firmwareVersion() {
        return firmwareVersion;
    }

    /** Writes a new image: the device runs {@code version} from its next boot on. */
    public void install(String version) {
        firmwareVersion = version;
    }

    /** The last state {@code operation} recorded, or null. */
    @SuppressWarnings("unchecked") // remember() only stores an S under an operation of S
    public <S> S lastState(DeviceOperation<S> operation) {
        return (S) lastStates.get(operation.method());
    }

    public <S> void remember(DeviceOperation<S> operation, S state) {
        if (state == null) {
            lastStates.remove(operation.method());
        } else {
            lastStates.put(operation.method(), state);
        }
    }

    /** Reported properties the device does not own (written by a back end or an earlier tool), cleared on erase. */
    public List<String> customReportedKeys() {
        return customReportedKeys;
    }

    /**
     * Takes over what the twin remembers from an earlier run of this device: the firmware version, each
     * operation's last state (one cut off by that run's end is reported failed), and the custom reported keys.
     *
     * @return the patch reporting what changed (the cut-off operations)
     */
    public Map<String, Object> adopt(Map<String, Object> reported, Collection<? extends DeviceOperation<?>> operations,
                                     Instant now) {
        ReportedDeviceState state = ReportedDeviceState.fromReportedProperties(reported);
        if (state.firmwareVersion() != null && !state.firmwareVersion().isBlank()) {
            firmwareVersion = state.firmwareVersion();
        }
        OperationError cutOff = new OperationError(ErrorCodes.INTERRUPTED,
                "the device restarted while the operation was running");
        Map<String, Object> patch = new LinkedHashMap<>();
        for (DeviceOperation<?> operation : operations) {
            adoptOne(operation, state, now, cutOff, patch);
        }
        List<String> custom = new ArrayList<>();
        for (String key : reported.keySet()) {
            if (!key.startsWith("$") && !OWN_REPORTED_KEYS.contains(key)) {
                custom.add(key);
            }
        }
        customReportedKeys = custom;
        return patch;
    }

    private <S> void adoptOne(DeviceOperation<S> operation, ReportedDeviceState twin, Instant now,
                              OperationError cutOff, Map<String, Object> patch) {
        S remembered = operation.rememberedIn(twin);
        S kept = operation.afterRestart(remembered, now, cutOff);
        remember(operation, kept);
        if (kept != remembered) {
            ReportedPatches.mergeInto(patch, operation.report(kept));
        }
    }

    /**
     * Back to factory state: factory firmware, no history of any operation but {@code keep}, no custom reported
     * properties.
     *
     * @return the patch that clears all that from the twin
     */
    public Map<String, Object> erase(Collection<? extends DeviceOperation<?>> operations, DmMethod keep) {
        Map<String, Object> patch = new LinkedHashMap<>();
        firmwareVersion = factoryFirmwareVersion;
        patch.putAll(ReportedPatches.firmwareVersion(firmwareVersion));
        for (DeviceOperation<?> operation : operations) {
            if (operation.method() != keep) {
                lastStates.remove(operation.method());
                ReportedPatches.mergeInto(patch, operation.report(null));
            }
        }
        for (String key : customReportedKeys) {
            patch.put(key, null);
        }
        customReportedKeys = List.of();
        return patch;
    }
}
