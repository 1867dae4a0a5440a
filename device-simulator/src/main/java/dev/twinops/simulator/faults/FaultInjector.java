package dev.twinops.simulator.faults;

import dev.twinops.dm.DmMethod;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Draws faults for one device from a Random derived from the fleet seed and the device id, so the same seed
 * gives every device the same faults for the same sequence of calls, whatever the order devices run in.
 * Every draw consumes the same number of random values, whichever faults apply.
 */
public final class FaultInjector {

    private final FaultSettings settings;
    private final Random random;

    public FaultInjector(FaultSettings settings, long seed, String deviceId) {
        this.settings = settings;
        this.random = new Random(deviceSeed(seed, deviceId));
    }

    /** A per-device seed that does not correlate across ids (unlike String.hashCode arithmetic). */
    static long deviceSeed(long seed, String deviceId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            sha.update(deviceId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The faults for the next call of {@code method} on this device. */
    public synchronized FaultPlan draw(DmMethod method) {
        double refuse = random.nextDouble();
        double slow = random.nextDouble();
        double download = random.nextDouble();
        double checksum = random.nextDouble();
        double apply = random.nextDouble();
        double hang = random.nextDouble();
        double offline = random.nextDouble();
        double fraction = 0.2 + 0.6 * random.nextDouble();
        if (settings.isNone()) {
            return FaultPlan.NONE;
        }
        boolean refused = refuse < settings.probability(FaultKind.REFUSE_METHOD);
        boolean slowed = !refused && slow < settings.probability(FaultKind.SLOW_RESPONSE);
        FaultKind op = null;
        if (!refused) {
            if (method == DmMethod.FIRMWARE_UPDATE) {
                if (download < settings.probability(FaultKind.DOWNLOAD_FAILURE)) {
                    op = FaultKind.DOWNLOAD_FAILURE;
                } else if (offline < settings.probability(FaultKind.OFFLINE_DURING_UPDATE)) {
                    op = FaultKind.OFFLINE_DURING_UPDATE;
                } else if (hang < settings.probability(FaultKind.HANG)) {
                    op = FaultKind.HANG;
                } else if (checksum < settings.probability(FaultKind.CHECKSUM_MISMATCH)) {
                    op = FaultKind.CHECKSUM_MISMATCH;
                } else if (apply < settings.probability(FaultKind.APPLY_FAILURE)) {
                    op = FaultKind.APPLY_FAILURE;
                }
            } else if (hang < settings.probability(FaultKind.HANG)) {
                op = FaultKind.HANG;
            }
        }
        return new FaultPlan(refused, slowed, op, fraction);
    }
}
