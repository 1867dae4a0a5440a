package dev.twinops.console.rollouts;

import java.time.Duration;
import java.util.Locale;

import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.Percent;
import dev.twinops.rollout.plan.WaveSpec;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One row of the plan dialog's waves table, as text the operator edits: how the wave's devices are chosen, its
 * thresholds, soak, rate and approval gate. {@link #toSpec} reads it into the engine's {@link WaveSpec}; what
 * cannot be read, and what the plan's validation says about this wave, shows in {@link #messageProperty}.
 */
public final class WaveForm {

    /** How a wave's devices are chosen. */
    public enum Kind {
        COUNT("Count"), PERCENT("Percent"), CONDITION("Condition"), REST("The rest");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(this, "kind", Kind.PERCENT);
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final StringProperty successThreshold = new SimpleStringProperty(this, "successThreshold", "");
    private final StringProperty failureCount = new SimpleStringProperty(this, "failureCount", "");
    private final StringProperty failurePercent = new SimpleStringProperty(this, "failurePercent", "");
    private final StringProperty minFinished = new SimpleStringProperty(this, "minFinished", "");
    private final ObjectProperty<FailureAction> action = new SimpleObjectProperty<>(this, "action",
            FailureAction.PAUSE);
    private final StringProperty deadlineMinutes = new SimpleStringProperty(this, "deadlineMinutes", "");
    private final StringProperty soakSeconds = new SimpleStringProperty(this, "soakSeconds", "");
    private final StringProperty ratePerMinute = new SimpleStringProperty(this, "ratePerMinute", "");
    private final BooleanProperty approval = new SimpleBooleanProperty(this, "approval");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    /** A row showing {@code spec} (with its defaults filled in). */
    public static WaveForm of(WaveSpec spec) {
        WaveForm w = new WaveForm();
        w.name.set(spec.name() == null ? "" : spec.name());
        if (spec.count() != null) {
            w.kind.set(Kind.COUNT);
            w.value.set(String.valueOf(spec.count()));
        } else if (spec.percent() != null) {
            w.kind.set(Kind.PERCENT);
            w.value.set(number(spec.percent()));
        } else if (spec.condition() != null) {
            w.kind.set(Kind.CONDITION);
            w.value.set(spec.condition());
        } else {
            w.kind.set(Kind.REST);
        }
        w.successThreshold.set(spec.successThreshold() == null ? "" : number(spec.successThreshold()));
        FailureThreshold f = spec.failureThreshold();
        if (f != null) {
            w.failureCount.set(f.count() == null ? "" : String.valueOf(f.count()));
            w.failurePercent.set(f.percent() == null ? "" : number(f.percent()));
            w.minFinished.set(f.minFinished() == null ? "" : String.valueOf(f.minFinished()));
            w.action.set(f.action() == null ? FailureAction.PAUSE : f.action());
        }
        w.deadlineMinutes.set(spec.deadline() == null ? "" : number(spec.deadline().toSeconds() / 60.0));
        w.soakSeconds.set(spec.soak() == null || spec.soak().isZero() ? "" : String.valueOf(spec.soak().toSeconds()));
        w.ratePerMinute.set(spec.ratePerMinute() == null ? "" : String.valueOf(spec.ratePerMinute()));
        w.approval.set(spec.needsApproval());
        return w;
    }

    /**
     * The wave as the engine takes it; null with the problem in {@link #messageProperty} when a field is not a
     * number. Ranges are the plan validation's business.
     */
    WaveSpec toSpec() {
        try {
            Kind k = kind.get();
            String v = value.get() == null ? "" : value.get().strip();
            Integer count = k == Kind.COUNT ? integer("The count", v, true) : null;
            Double percent = k == Kind.PERCENT ? decimal("The percentage", v, true) : null;
            String condition = k == Kind.CONDITION ? v : null;
            Integer failures = integer("The failure count", failureCount.get(), false);
            Double failureShare = decimal("The failure percentage", failurePercent.get(), false);
            Integer minimum = integer("The minimum finished", minFinished.get(), false);
            FailureThreshold threshold = failures == null && failureShare == null && minimum == null ? null
                    : new FailureThreshold(failures, failureShare, minimum, action.get());
            Double deadline = decimal("The deadline", deadlineMinutes.get(), false);
            Integer soak = integer("The soak time", soakSeconds.get(), false);
            return new WaveSpec(name.get() == null || name.get().isBlank() ? null : name.get().strip(), count,
                    percent, condition, k == Kind.REST ? Boolean.TRUE : null,
                    decimal("The success threshold", successThreshold.get(), false), threshold,
                    deadline == null ? null : Duration.ofSeconds(Math.round(deadline * 60)),
                    soak == null ? null : Duration.ofSeconds(soak),
                    integer("The rate", ratePerMinute.get(), false), approval.get() ? Boolean.TRUE : null);
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return null;
        }
    }

    void showMessage(String text) {
        message.set(text == null ? "" : text);
    }

    /** "1 % of the target", "3 devices", "tags.ring = 'canary'", "the rest": for the summary. */
    String describeSelection() {
        String v = value.get() == null ? "" : value.get().strip();
        return switch (kind.get()) {
            case COUNT -> v + " devices";
            case PERCENT -> v.isEmpty() ? "? %" : Percent.format(parseOr(v, 0)) + " of the target";
            case CONDITION -> v;
            case REST -> "the rest";
        };
    }

    private static Integer integer(String what, String text, boolean required) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException(what + " is required.");
            }
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, not \"" + t + "\".");
        }
    }

    private static Double decimal(String what, String text, boolean required) {
        String t = text == null ? "" : text.strip().replace("%", "").strip();
        if (t.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException(what + " is required.");
            }
            return null;
        }
        try {
            return Double.valueOf(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, not \"" + t + "\".");
        }
    }

    static double parseOr(String text, double fallback) {
        try {
            return Double.parseDouble(text.strip().replace("%", "").strip());
        } catch (NumberFormatException | NullPointerException e) {
            return fallback;
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    /** The count, the percentage or the condition, by {@link #kindProperty}; unused for the rest. */
    public StringProperty valueProperty() {
        return value;
    }

    public StringProperty successThresholdProperty() {
        return successThreshold;
    }

    public StringProperty failureCountProperty() {
        return failureCount;
    }

    public StringProperty failurePercentProperty() {
        return failurePercent;
    }

    public StringProperty minFinishedProperty() {
        return minFinished;
    }

    public ObjectProperty<FailureAction> actionProperty() {
        return action;
    }

    public StringProperty deadlineMinutesProperty() {
        return deadlineMinutes;
    }

    public StringProperty soakSecondsProperty() {
        return soakSeconds;
    }

    public StringProperty ratePerMinuteProperty() {
        return ratePerMinute;
    }

    public BooleanProperty approvalProperty() {
        return approval;
    }

    /** What is wrong with this wave; "" when nothing. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
