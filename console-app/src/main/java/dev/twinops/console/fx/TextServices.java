package dev.twinops.console.fx;

import java.text.Bidi;
import java.text.BreakIterator;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK text services JavaFX lays text out with. The first cell whose text is clipped ("model=TX-100, ring=bro…")
 * asks the JDK for a character break iterator and a Bidi analysis; the first of each in a JVM loads the locale
 * providers, the break rules and their classes: about a tenth of the FX CPU of a JVM's first filled table row (1 ms
 * stack samples). Asking once on another thread beforehand moves that off the FX thread; both are thread-safe
 * factories whose later calls copy a cached instance.
 */
final class TextServices {

    private static final Logger LOG = LoggerFactory.getLogger(TextServices.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private TextServices() {
    }

    /** Once per JVM, on a daemon thread of its own: returns at once. */
    static void warmUpInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread warm = new Thread(TextServices::warmUp, "text-services-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    static void warmUp() {
        try {
            String sample = "sensor-00001 2026-12-02 14:02";
            BreakIterator characters = BreakIterator.getCharacterInstance();
            characters.setText(sample);
            characters.following(3);
            BreakIterator.getLineInstance().setText(sample);
            new Bidi(sample, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT).isLeftToRight();
        } catch (RuntimeException e) {
            // only a head start: the FX thread loads them itself on first use
            LOG.debug("Warming up the text services failed: {}", e.toString());
        }
    }
}
