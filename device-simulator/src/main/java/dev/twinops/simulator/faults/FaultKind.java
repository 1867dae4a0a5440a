package dev.twinops.simulator.faults;

import java.util.Locale;
import java.util.Optional;

/** The misbehaviours a simulated device can be given, for rehearsing how operators and the console cope. */
public enum FaultKind {
    /** A firmware download breaks off partway (connection reset). */
    DOWNLOAD_FAILURE("download-failure"),
    /** The downloaded package does not match its SHA-256 check value. */
    CHECKSUM_MISMATCH("checksum-mismatch"),
    /** Writing the verified image fails; the old firmware stays. */
    APPLY_FAILURE("apply-failure"),
    /** The operation stops making progress and the device stops reporting until its watchdog resets it. */
    HANG("hang"),
    /** The device loses its connection in the middle of a firmware update and comes back later. */
    OFFLINE_DURING_UPDATE("offline-during-update"),
    /** The device answers a method later than a caller's default timeout (it still carries the operation out). */
    SLOW_RESPONSE("slow-response"),
    /** The device declines a method with 403. */
    REFUSE_METHOD("refuse-method");

    private final String cliName;

    FaultKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in configuration: {@code download-failure}, ... */
    public String cliName() {
        return cliName;
    }

    public static Optional<FaultKind> fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (FaultKind k : values()) {
            if (k.cliName.equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
