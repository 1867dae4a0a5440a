package dev.twinops.rollout.plan;

/**
 * When a wave's failures stop the rollout. It applies once {@code minFinished} of the wave's devices (or the whole
 * wave, if it is smaller) have finished, and is reached when the failed devices reach {@code count} or make up
 * {@code percent} of the finished ones, whichever limit is given and comes first.
 *
 * @param count       failed devices that stop the rollout, or null
 * @param percent     share of finished devices (0-100] that stops the rollout, or null
 * @param minFinished finished devices needed before the threshold applies (at least 1)
 * @param action      pause or abort
 */
public record FailureThreshold(Integer count, Double percent, Integer minFinished, FailureAction action) {

    public static final FailureThreshold DEFAULT = new FailureThreshold(null, 10.0, 5, FailureAction.PAUSE);

    /** True when {@code failed} of {@code finished} devices (wave of {@code waveSize}) reach this threshold. */
    public boolean isReached(int failed, int finished, int waveSize) {
        if (failed == 0) {
            return false;
        }
        int minimum = Math.max(1, Math.min(minFinished == null ? 1 : minFinished, waveSize));
        if (finished < minimum) {
            return false;
        }
        boolean byCount = count != null && failed >= count;
        boolean byPercent = percent != null && failed * 100.0 >= percent * finished;
        return byCount || byPercent;
    }

    /** "10 % of finished (after 5)" for status lines and reasons. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (count != null) {
            s.append(count).append(count == 1 ? " failed device" : " failed devices");
        }
        if (percent != null) {
            if (s.length() > 0) {
                s.append(" or ");
            }
            s.append(Percent.format(percent)).append(" of finished devices");
        }
        return s.toString();
    }
}
