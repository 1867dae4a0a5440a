package dev.twinops.simulator.faults;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** A profile plus per-fault overrides: the probability, per operation, of each fault on every device. */
public final class FaultSettings {

    public static final FaultSettings NONE = new FaultSettings(FaultProfile.NONE, Map.of());

    private final FaultProfile profile;
    private final Map<FaultKind, Double> overrides;

    public FaultSettings(FaultProfile profile, Map<FaultKind, Double> overrides) {
        this.profile = Objects.requireNonNull(profile, "profile");
        Map<FaultKind, Double> copy = new EnumMap<>(FaultKind.class);
        overrides.forEach((k, p) -> {
            if (p == null || p.isNaN() || p < 0 || p > 1) {
                throw new IllegalArgumentException("probability of " + k.cliName() + " must be between 0 and 1, got " + p);
            }
            copy.put(k, p);
        });
        this.overrides = copy;
    }

    public static FaultSettings of(FaultProfile profile) {
        return new FaultSettings(profile, Map.of());
    }

    /** A copy with one more override. */
    public FaultSettings with(FaultKind kind, double probability) {
        Map<FaultKind, Double> m = new EnumMap<>(FaultKind.class);
        m.putAll(overrides);
        m.put(kind, probability);
        return new FaultSettings(profile, m);
    }

    /**
     * Parses an override such as {@code download-failure=0.2}; throws with a message naming the valid faults.
     */
    public static Map.Entry<FaultKind, Double> parseOverride(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("fault override must look like NAME=PROBABILITY, got '" + text + "'");
        }
        String name = text.substring(0, eq);
        FaultKind kind = FaultKind.fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown fault '" + name + "' (known: " + Arrays.stream(FaultKind.values()).map(FaultKind::cliName)
                        .collect(Collectors.joining(", ")) + ")"));
        double p;
        try {
            p = Double.parseDouble(text.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("probability of " + kind.cliName() + " is not a number: '"
                    + text.substring(eq + 1) + "'");
        }
        if (Double.isNaN(p) || p < 0 || p > 1) {
            throw new IllegalArgumentException("probability of " + kind.cliName() + " must be between 0 and 1, got " + p);
        }
        return Map.entry(kind, p);
    }

    public FaultProfile profile() {
        return profile;
    }

    public double probability(FaultKind kind) {
        Double o = overrides.get(kind);
        return o != null ? o : profile.probability(kind);
    }

    public boolean isNone() {
        return Arrays.stream(FaultKind.values()).allMatch(k -> probability(k) == 0);
    }

    @Override
    public String toString() {
        return profile.cliName() + (overrides.isEmpty() ? "" : " " + overrides);
    }
}
