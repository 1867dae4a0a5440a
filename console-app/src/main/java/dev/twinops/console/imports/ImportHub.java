package dev.twinops.console.imports;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.hubclient.registry.BulkRegistryOperation.DeviceError;

/** The hub calls an import makes ({@link SdkImportHub} through the service SDK; each call blocks). */
public interface ImportHub {

    /** The ids among {@code deviceIds} (at most 100) the hub has now. */
    Set<String> existing(Collection<String> deviceIds) throws Exception;

    /**
     * One bulk registry request over at most 100 valid rows. Returns the devices the hub refused (device id to its
     * error: IoT Hub's error name and its message); the others were done. Throws when the hub refused or failed the
     * request as a whole (nothing done).
     */
    Map<String, DeviceError> register(List<ImportRow> rows, ImportMode mode) throws Exception;

    /** Merges {@code tags} into the device's twin tags. */
    void patchTags(String deviceId, ObjectNode tags) throws Exception;
}
