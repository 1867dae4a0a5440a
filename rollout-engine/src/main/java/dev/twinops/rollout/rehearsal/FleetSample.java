package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic, stratified sample of about 1/N of a fleet that keeps its mix of firmware versions and tag values.
 *
 * <p>Devices are ordered by stratum (firmware version, then every tag value but {@code tags.rollout}, which only
 * says which earlier rollout touched a device), and within a stratum by a hash of their id; then every N-th device
 * is taken, starting half a step in. Each stratum so gives its share of the sample within one device, however many
 * strata there are, and the same fleet gives the same sample every time (no randomness, no seed). A firmware version
 * held by fewer than N devices would fall between two steps: its first device is added, so every version the fleet
 * runs is rehearsed.
 */
public final class FleetSample {

    private FleetSample() {
    }

    /**
     * About {@code ceil(devices / scale)} devices (plus one for each firmware version the steps missed), in id order.
     *
     * @param scale 1 takes every device
     * @throws IllegalArgumentException if scale is below 1
     */
    public static List<ShapeDevice> of(List<ShapeDevice> devices, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("the scale factor must be 1 (every device) or more, not " + scale);
        }
        List<ShapeDevice> chosen = new ArrayList<>();
        if (scale == 1) {
            chosen.addAll(devices);
        } else {
            List<Keyed> ordered = new ArrayList<>(devices.size());
            for (ShapeDevice d : devices) {
                ordered.add(new Keyed(stratum(d), hash(d.deviceId()), d));
            }
            ordered.sort(Comparator.comparing(Keyed::stratum).thenComparing(Keyed::hash)
                    .thenComparing(k -> k.device().deviceId()));
            Set<String> versions = new HashSet<>();
            for (int i = scale / 2; i < ordered.size(); i += scale) {
                chosen.add(ordered.get(i).device());
                versions.add(versionKey(ordered.get(i).device()));
            }
            for (Keyed k : ordered) {
                if (versions.add(versionKey(k.device()))) {
                    chosen.add(k.device());
                }
            }
        }
        chosen.sort(Comparator.comparing(ShapeDevice::deviceId));
        return chosen;
    }

    /** How many devices {@link #of} takes from a fleet of {@code devices}, before the added firmware versions. */
    public static long expectedSize(long devices, int scale) {
        if (scale <= 1) {
            return devices;
        }
        long start = scale / 2;
        return devices <= start ? 0 : (devices - start - 1) / scale + 1;
    }

    private record Keyed(String stratum, String hash, ShapeDevice device) {
    }

    private static String versionKey(ShapeDevice d) {
        return d.firmwareVersion() == null ? "" : d.firmwareVersion();
    }

    /** Firmware version, then the tags' leaf values by path (sorted), without tags.rollout. */
    static String stratum(ShapeDevice d) {
        Map<String, String> leaves = new TreeMap<>();
        leaves(d.tags(), "", leaves);
        StringBuilder s = new StringBuilder(versionKey(d)).append('\u0000');
        leaves.forEach((path, value) -> s.append(path).append('=').append(value).append('\u0000'));
        return s.toString();
    }

    private static void leaves(JsonNode node, String path, Map<String, String> out) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (path.isEmpty() && f.getKey().equals("rollout")) {
                    continue;
                }
                leaves(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
            }
        } else {
            out.put(path, node.toString());
        }
    }

    private static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
