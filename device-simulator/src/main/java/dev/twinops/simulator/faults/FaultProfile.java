package dev.twinops.simulator.faults;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Named sets of fault probabilities (per operation): {@code none} for demonstrations, {@code flaky} for a
 * realistic fleet where a few percent of operations go wrong, {@code chaos} for rehearsing bad days.
 */
public enum FaultProfile {
    NONE(0, 0, 0, 0, 0, 0, 0),
    FLAKY(0.04, 0.02, 0.02, 0.01, 0.02, 0.02, 0.02),
    CHAOS(0.15, 0.10, 0.10, 0.05, 0.10, 0.10, 0.10);

    private final Map<FaultKind, Double> probabilities;

    FaultProfile(double download, double checksum, double apply, double hang, double offline, double slow,
                 double refuse) {
        Map<FaultKind, Double> m = new EnumMap<>(FaultKind.class);
        m.put(FaultKind.DOWNLOAD_FAILURE, download);
        m.put(FaultKind.CHECKSUM_MISMATCH, checksum);
        m.put(FaultKind.APPLY_FAILURE, apply);
        m.put(FaultKind.HANG, hang);
        m.put(FaultKind.OFFLINE_DURING_UPDATE, offline);
        m.put(FaultKind.SLOW_RESPONSE, slow);
        m.put(FaultKind.REFUSE_METHOD, refuse);
        this.probabilities = Collections.unmodifiableMap(m);
    }

    public double probability(FaultKind kind) {
        return probabilities.get(kind);
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FaultProfile> fromName(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
