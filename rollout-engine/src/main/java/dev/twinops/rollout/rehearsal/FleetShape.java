package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A copied fleet's shape, the file the simulator's {@code --shape} reads: for each device its (mapped) id, tags,
 * reported firmware version and device info, with where and how it was copied.
 *
 * <pre>{@code
 * {"formatVersion": 1, "source": "contoso.azure-devices.net", "condition": "tags.site = 'plant-north'",
 *  "scale": 10, "idPrefix": "r-", "sourceDevices": 2000, "copiedAt": "2026-12-02T11:00:00Z",
 *  "devices": [{"deviceId": "r-pump-17", "tags": {"site": "plant-north"}, "firmwareVersion": "1.4.2",
 *               "deviceInfo": {"manufacturer": "Contoso", "model": "TX-200", "serialNumber": "SN-1"}}]}
 * }</pre>
 *
 * @param condition     the query condition the devices were read with, null for every device
 * @param scale         1 for every device, N for a 1/N sample
 * @param idPrefix      what was put before each source id, null when ids were kept
 * @param sourceDevices how many devices the condition matched on the source
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetShape(int formatVersion, String source, String condition, int scale, String idPrefix,
                         long sourceDevices, Instant copiedAt, List<ShapeDevice> devices) {

    public static final int FORMAT_VERSION = 1;

    public FleetShape {
        Objects.requireNonNull(devices, "devices");
        devices = List.copyOf(devices);
    }

    /** Writes the shape owner-only, by atomic replace (tags can say more about a fleet than its owner wants). */
    public void write(Path file) throws IOException {
        OwnerOnlyFiles.writeAtomically(file.toAbsolutePath(),
                RolloutJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    /**
     * Reads a shape file.
     *
     * @throws IOException if it cannot be read or is not a shape of a known format
     */
    public static FleetShape read(Path file) throws IOException {
        FleetShape shape = RolloutJson.mapper().readValue(Files.readString(file), FleetShape.class);
        if (shape.formatVersion() != FORMAT_VERSION) {
            throw new IOException(file + " is a fleet shape of format " + shape.formatVersion() + ", not "
                    + FORMAT_VERSION);
        }
        return shape;
    }
}
