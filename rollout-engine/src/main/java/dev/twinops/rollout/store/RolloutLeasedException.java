package dev.twinops.rollout.store;

/** A runner wanted a rollout whose lease another runner holds: it must leave the rollout alone. */
public final class RolloutLeasedException extends IllegalStateException {

    private final String rolloutId;
    private final long pid;
    private final String holder;
    private final boolean sameProcess;

    /**
     * @param pid        the holding process, or -1 when it is not known
     * @param holder     what holds it ("the console", "rollout-engine.jar run"), or null when not known
     * @param sameProcess whether the holder is another runner of this very process
     */
    public RolloutLeasedException(String rolloutId, long pid, String holder, boolean sameProcess) {
        super("rollout " + rolloutId + " is being run by " + (sameProcess ? "another runner in this process"
                : "another process") + describe(pid, holder));
        this.rolloutId = rolloutId;
        this.pid = pid;
        this.holder = holder;
        this.sameProcess = sameProcess;
    }

    private static String describe(long pid, String holder) {
        if (pid < 0 && holder == null) {
            return "";
        }
        return " (" + (pid < 0 ? "" : "pid " + pid) + (pid >= 0 && holder != null ? ", " : "")
                + (holder == null ? "" : holder) + ")";
    }

    public String rolloutId() {
        return rolloutId;
    }

    /** The holding process's id, or -1 when not known. */
    public long pid() {
        return pid;
    }

    /** Whether the holder is another runner of this very process. */
    public boolean sameProcess() {
        return sameProcess;
    }

    /** What holds the lease, or null when not known. */
    public String holder() {
        return holder;
    }
}
