package dev.twinops.rollout.plan;

import java.util.List;

/** A plan that cannot run; each problem names the field and says why. */
public class PlanValidationException extends IllegalArgumentException {

    /** {@code field} is a JSON path such as {@code waves[1].failureThreshold.percent}. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public PlanValidationException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder s = new StringBuilder("The rollout plan is not valid:");
        for (Problem p : problems) {
            s.append("\n  - ").append(p);
        }
        return s.toString();
    }
}
