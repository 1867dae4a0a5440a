package dev.twinops.simulator.firmware;

import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.simulator.firmware.FirmwareFetcher.Listener;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One download's digest, pacing and size limit, whatever it reads from: the listener hears of its start, its
 * progress, and exactly one end (completed or failed), and nothing at all once it is cancelled.
 */
final class Transfer {

    private final Listener listener;
    private final long bytesPerSecond;
    private final long maxBytes;
    private final MessageDigest digest;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private long startNanos;
    private long bytes;

    /**
     * @param bytesPerSecond simulated bandwidth; 0 means as fast as possible
     * @param maxBytes       the largest package accepted
     */
    Transfer(Listener listener, long bytesPerSecond, long maxBytes) {
        this.listener = listener;
        this.bytesPerSecond = bytesPerSecond;
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The reason a package over {@code maxBytes} is refused, in the largest whole unit. */
    static String tooLarge(long maxBytes) {
        String limit = maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MiB"
                : maxBytes % 1024 == 0 ? maxBytes / 1024 + " KiB" : maxBytes + " bytes";
        return "the package is larger than the " + limit + " this device accepts";
    }

    /** Starts the clock and announces the size (-1 when unknown); false if already cancelled. */
    boolean start(long total) {
        if (cancelled.get()) {
            return false;
        }
        startNanos = System.nanoTime();
        listener.onStarted(total);
        return true;
    }

    /** Takes a chunk; false when it would pass the size limit (the transfer then failed). */
    synchronized boolean accept(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (bytes + n > maxBytes) {
            fail(ErrorCodes.PACKAGE_TOO_LARGE, tooLarge(maxBytes));
            return false;
        }
        digest.update(buffer);
        bytes += n;
        if (!cancelled.get()) {
            listener.onProgress(bytes);
        }
        return true;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** How long to wait before the next chunk so the average rate stays at the bandwidth. */
    synchronized Duration delayBeforeNext() {
        if (bytesPerSecond == 0) {
            return Duration.ZERO;
        }
        long dueNanos = (long) (bytes * 1_000_000_000.0 / bytesPerSecond);
        long elapsed = System.nanoTime() - startNanos;
        return Duration.ofNanos(Math.max(0, dueNanos - elapsed));
    }

    synchronized void complete() {
        if (!cancelled.get() && finished.compareAndSet(false, true)) {
            listener.onCompleted(HexFormat.of().formatHex(digest.digest()), bytes);
        }
    }

    void fail(String errorCode, String reason) {
        if (!cancelled.get() && finished.compareAndSet(false, true)) {
            listener.onFailed(errorCode, reason);
        }
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    void cancel() {
        cancelled.set(true);
    }
}
