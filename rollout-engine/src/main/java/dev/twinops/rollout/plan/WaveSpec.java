package dev.twinops.rollout.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * One wave of a rollout. Its devices are chosen by exactly one of: {@code count} devices, {@code percent} of the
 * rollout's target, a twin query {@code condition} (e.g. {@code tags.ring = 'canary'}), or {@code rest} (every
 * target device no earlier wave took; last wave only).
 *
 * @param successThreshold share (0-100) of the wave that must reach the target state by the deadline before the
 *                         next wave starts
 * @param deadline         how long a device has, from its method job, to reach the target state
 * @param soak             wait after a successful wave before the next one
 * @param ratePerMinute    devices started per minute (null: all at once)
 * @param approval         an operator approves the wave before it starts
 */
public record WaveSpec(String name, Integer count, Double percent, String condition, Boolean rest,
                       Double successThreshold, FailureThreshold failureThreshold, Duration deadline, Duration soak,
                       Integer ratePerMinute, Boolean approval) {

    public static final double DEFAULT_SUCCESS_THRESHOLD = 90.0;
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);

    public static WaveSpec percent(String name, double percent) {
        return new WaveSpec(name, null, percent, null, null, null, null, null, null, null, null);
    }

    public static WaveSpec count(String name, int count) {
        return new WaveSpec(name, count, null, null, null, null, null, null, null, null, null);
    }

    public static WaveSpec condition(String name, String condition) {
        return new WaveSpec(name, null, null, condition, null, null, null, null, null, null, null);
    }

    public static WaveSpec rest(String name) {
        return new WaveSpec(name, null, null, null, true, null, null, null, null, null, null);
    }

    public WaveSpec withSuccessThreshold(double percent) {
        return new WaveSpec(name, count, this.percent, condition, rest, percent, failureThreshold, deadline, soak,
                ratePerMinute, approval);
    }

    public WaveSpec withFailureThreshold(FailureThreshold threshold) {
        return new WaveSpec(name, count, percent, condition, rest, successThreshold, threshold, deadline, soak,
                ratePerMinute, approval);
    }

    public WaveSpec withDeadline(Duration d) {
        return new WaveSpec(name, count, percent, condition, rest, successThreshold, failureThreshold, d, soak,
                ratePerMinute, approval);
    }

    public WaveSpec withSoak(Duration d) {
        return new WaveSpec(name, count, percent, condition, rest, successThreshold, failureThreshold, deadline, d,
                ratePerMinute, approval);
    }

    public WaveSpec withRatePerMinute(Integer rate) {
        return new WaveSpec(name, count, percent, condition, rest, successThreshold, failureThreshold, deadline, soak,
                rate, approval);
    }

    public WaveSpec withApproval(boolean gate) {
        return new WaveSpec(name, count, percent, condition, rest, successThreshold, failureThreshold, deadline, soak,
                ratePerMinute, gate);
    }

    @JsonIgnore
    public boolean isRest() {
        return Boolean.TRUE.equals(rest);
    }

    @JsonIgnore
    public boolean needsApproval() {
        return Boolean.TRUE.equals(approval);
    }

    /** The same wave with every unset setting at its default. */
    WaveSpec withDefaults(String defaultName) {
        return new WaveSpec(name == null || name.isBlank() ? defaultName : name, count, percent, condition,
                isRest() ? Boolean.TRUE : null,
                successThreshold == null ? DEFAULT_SUCCESS_THRESHOLD : successThreshold,
                failureThreshold == null ? FailureThreshold.DEFAULT : new FailureThreshold(failureThreshold.count(),
                        failureThreshold.percent(),
                        failureThreshold.minFinished() == null ? FailureThreshold.DEFAULT.minFinished()
                                : failureThreshold.minFinished(),
                        failureThreshold.action() == null ? FailureAction.PAUSE : failureThreshold.action()),
                deadline == null ? DEFAULT_DEADLINE : deadline, soak == null ? Duration.ZERO : soak, ratePerMinute,
                Boolean.TRUE.equals(approval));
    }

    /** "1 % of the target", "25 devices", "tags.ring = 'canary'", "the rest". */
    public String describeSelection() {
        if (count != null) {
            return count + (count == 1 ? " device" : " devices");
        }
        if (percent != null) {
            return Percent.format(percent) + " of the target";
        }
        if (condition != null) {
            return condition;
        }
        return "the rest";
    }
}
