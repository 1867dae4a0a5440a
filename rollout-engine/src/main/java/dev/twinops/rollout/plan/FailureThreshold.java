package dev.twinops.rollout.plan;

/**
 * When a wave's failures stop the rollout. It applies once {@code minFinished} of the wave's devices (or the whole
 * wave, if it is smaller) have finished, and is reached when the failed devices reach {@code count} or make up
 * {@code percent} of the wave (its devices sent the operation), whichever limit is given and comes first.
 *
 * <p>The share is of the wave, not of the devices finished so far: failures come back sooner than successes (a
 * refusal at once, a broken download in seconds, a good update only after its reboot), so a share of the finished
 * ones would overstate them early in every wave.
 *
 * @param count       failed devices that stop the rollout, or null
 * @param percent     share of the wave (0-100] that stops the rollout, or null
 * @param minFinished finished devices needed before the threshold applies (at least 1)
 * @param action      pause or abort
 */
public record FailureThreshold(Integer count, Double percent, Integer minFinished, FailureAction action) {

    public static final FailureThreshold DEFAULT = new FailureThreshold(null, 10.0, 5, FailureAction.PAUSE);

    /** True when {@code failed} devices, {@code finished} so far of a wave of {@code waveSize}, reach it. */
    public boolean isReached(int failed, int finished, int waveSize) {
        if (failed == 0) {
            return false;
        }
        int minimum = Math.max(1, Math.min(minFinished == null ? 1 : minFinished, waveSize));
        if (finished < minimum) {
            return false;
        }
        boolean byCount = count != null && failed >= count;
        boolean byPercent = percent != null && failed * 100.0 >= percent * waveSize;
        return byCount || byPercent;
    }

    /** "3 failed devices or 10 % of the wave" for status lines and reasons. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (count != null) {
            s.append(count).append(count == 1 ? " failed device" : " failed devices");
        }
        if (percent != null) {
            if (s.length() > 0) {
                s.append(" or ");
            }
            s.append(Percent.format(percent)).append(" of the wave");
        }
        return s.toString();
    }
}
