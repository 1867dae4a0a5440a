package dev.twinops.console.tasks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A sequence number for results that can go stale: {@link #next()} starts a new generation, and results of every
 * earlier one are dropped (an older query's rows, a twin read for a device no longer selected). Thread-safe.
 */
public final class Generation {

    private final AtomicLong current = new AtomicLong();

    /** Starts a new generation; tokens of earlier ones stop being current. */
    public Token next() {
        return new Token(current.incrementAndGet());
    }

    /** A token of the generation under way. */
    public Token current() {
        return new Token(current.get());
    }

    /** Ends the generation under way without starting work of its own (another hub, a cleared pane). */
    public void invalidate() {
        current.incrementAndGet();
    }

    /** One generation; pass {@code token::isCurrent} to {@link BackgroundTask#onlyWhile}. */
    public final class Token {

        private final long value;

        private Token(long value) {
            this.value = value;
        }

        public boolean isCurrent() {
            return current.get() == value;
        }
    }
}
