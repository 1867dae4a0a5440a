package dev.twinops.console.simulator;

import java.math.BigDecimal;
import java.time.Duration;

import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.faults.FaultSettings;
import dev.twinops.simulator.fleet.FleetConfig;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Launch simulator fleet...": how many devices, their id prefix, the fault profile and seed (the same seed gives
 * every device the same faults), and how fast they boot and download. Each field has its own message.
 */
public final class FleetLaunchForm {

    public static final String FAULTS_HELP = "none: every operation works. flaky: a few percent of operations fail "
            + "(download, checksum, apply, hang, offline, slow answer, refusal). chaos: a bad day, 10-15 % each.";

    public static final String SEPARATE_PROCESS_HELP = "The devices run as their own Java programs at low priority (one "
            + "for every 250 devices, up to eight), so the window stays responsive with a large fleet; they stop when "
            + "you stop the fleet or close the console.";

    // What FleetConfig accepts as a prefix; checked here to say it next to the field.
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}");

    private final StringProperty count = new SimpleStringProperty(this, "count", "20");
    private final StringProperty prefix = new SimpleStringProperty(this, "prefix", "sim-");
    private final ObjectProperty<FaultProfile> profile = new SimpleObjectProperty<>(this, "profile", FaultProfile.NONE);
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "1");
    private final StringProperty bootSeconds = new SimpleStringProperty(this, "bootSeconds", "5");
    private final StringProperty downloadKilobytesPerSecond = new SimpleStringProperty(this, "downloadKilobytesPerSecond",
            "2048");
    private final BooleanProperty separateProcess = new SimpleBooleanProperty(this, "separateProcess", false);
    private final ReadOnlyStringWrapper countMessage = new ReadOnlyStringWrapper(this, "countMessage", "");
    private final ReadOnlyStringWrapper countNote = new ReadOnlyStringWrapper(this, "countNote", "");
    private final ReadOnlyStringWrapper prefixMessage = new ReadOnlyStringWrapper(this, "prefixMessage", "");
    private final ReadOnlyStringWrapper seedMessage = new ReadOnlyStringWrapper(this, "seedMessage", "");
    private final ReadOnlyStringWrapper bootMessage = new ReadOnlyStringWrapper(this, "bootMessage", "");
    private final ReadOnlyStringWrapper downloadMessage = new ReadOnlyStringWrapper(this, "downloadMessage", "");

    /**
     * Measured (docs/performance.md): each simulated device costs the device SDK's nine threads; with the fleet in
     * the console's own process, past about a hundred devices per core the window starts to stutter while the fleet
     * works, and at 1,000 on two cores it stalls for seconds. A fleet in a separate process does not.
     */
    static final int RESPONSIVE_DEVICES_PER_CORE = 100;

    private final int cores;
    private boolean tickedForCount; // ticked by the count, not by the operator
    private boolean adjusting;

    public FleetLaunchForm() {
        this(Runtime.getRuntime().availableProcessors());
    }

    FleetLaunchForm(int cores) {
        this.cores = cores;
        count.addListener((obs, was, now) -> {
            // a count crossing into "large" ticks the separate process, and unticks it again on the way back
            // unless the operator has chosen meanwhile
            boolean large = parse(now) > responsiveLimit();
            if (large != parse(was) > responsiveLimit() && (large ? !separateProcess.get() : tickedForCount)) {
                adjusting = true;
                separateProcess.set(large);
                adjusting = false;
                tickedForCount = large;
            }
            updateCountNote();
        });
        separateProcess.addListener((obs, was, now) -> {
            if (!adjusting) {
                tickedForCount = false;
            }
            updateCountNote();
        });
    }

    /** Run the devices in a child JVM rather than in the console's process. */
    public BooleanProperty separateProcessProperty() {
        return separateProcess;
    }

    public StringProperty countProperty() {
        return count;
    }

    public StringProperty prefixProperty() {
        return prefix;
    }

    public ObjectProperty<FaultProfile> profileProperty() {
        return profile;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public StringProperty bootSecondsProperty() {
        return bootSeconds;
    }

    public StringProperty downloadKilobytesPerSecondProperty() {
        return downloadKilobytesPerSecond;
    }

    public ReadOnlyStringProperty countMessageProperty() {
        return countMessage.getReadOnlyProperty();
    }

    /** Advice (not an error) when the fleet is large for this computer; empty otherwise. */
    public ReadOnlyStringProperty countNoteProperty() {
        return countNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty prefixMessageProperty() {
        return prefixMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty seedMessageProperty() {
        return seedMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bootMessageProperty() {
        return bootMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty downloadMessageProperty() {
        return downloadMessage.getReadOnlyProperty();
    }

    /** The fleet to start, or null with each problem next to its field. */
    public FleetSpec toSpec() {
        Integer n = wholeNumber(count.get(), 1, FleetConfig.MAX_DEVICES, countMessage, "The device count");
        String p = prefix.get() == null ? "" : prefix.get().strip();
        if (PREFIX.matcher(p).matches()) {
            prefixMessage.set("");
        } else {
            prefixMessage.set("The prefix is 1-64 letters, digits or . _ : - starting with a letter or digit "
                    + "(devices are named <prefix>0001, <prefix>0002, ...).");
            p = null;
        }
        Long s = seed();
        Duration boot = seconds(bootSeconds.get());
        Long kb = kilobytes(downloadKilobytesPerSecond.get());
        if (n == null || p == null || s == null || boot == null || kb == null) {
            return null;
        }
        return new FleetSpec(n, p, FaultSettings.of(profile.get()), s, boot, kb * 1024, separateProcess.get());
    }

    private int responsiveLimit() {
        return RESPONSIVE_DEVICES_PER_CORE * cores;
    }

    private static int parse(String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void updateCountNote() {
        int n = parse(count.get());
        countNote.set(n <= responsiveLimit() || separateProcess.get() ? "" : String.format(java.util.Locale.ROOT,
                "Above about %,d devices on this computer's %d cores, a fleet inside the window's process makes the "
                        + "window slow while the devices work: run it in a separate process.",
                responsiveLimit(), cores));
    }

    private Long seed() {
        try {
            long value = Long.parseLong(seed.get() == null ? "" : seed.get().strip());
            seedMessage.set("");
            return value;
        } catch (NumberFormatException e) {
            seedMessage.set("The seed is a whole number; the same seed gives each device the same faults.");
            return null;
        }
    }

    private Duration seconds(String text) {
        try {
            BigDecimal value = new BigDecimal(text == null ? "" : text.strip());
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(600)) > 0) {
                bootMessage.set("The boot time is 0-600 seconds.");
                return null;
            }
            bootMessage.set("");
            return Duration.ofMillis(value.movePointRight(3).longValue());
        } catch (NumberFormatException e) {
            bootMessage.set("The boot time is a number of seconds, e.g. 5 or 0.5.");
            return null;
        }
    }

    private Long kilobytes(String text) {
        Integer value = wholeNumber(text, 0, 1_000_000, downloadMessage, "The download speed");
        return value == null ? null : value.longValue();
    }

    private static Integer wholeNumber(String text, int min, int max, ReadOnlyStringWrapper message, String what) {
        try {
            int value = Integer.parseInt(text == null ? "" : text.strip());
            if (value < min || value > max) {
                message.set(what + " must be " + String.format("%,d", min) + "-" + String.format("%,d", max) + ".");
                return null;
            }
            message.set("");
            return value;
        } catch (NumberFormatException e) {
            message.set(what + " is a whole number, " + String.format("%,d", min) + "-" + String.format("%,d", max) + ".");
            return null;
        }
    }
}
