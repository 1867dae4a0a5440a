package dev.twinops.simulator.fleet;

/**
 * Counts over a fleet at one moment. {@code pending} devices are not started yet (being registered or queued),
 * {@code failed} ones could not be registered; {@code busy} counts devices running a management operation,
 * whatever their connection. {@code problem} is a fleet-level error for people (e.g. registration refused), or null.
 */
public record FleetSummary(int total, int pending, int connecting, int online, int offline, int busy, int failed,
                           String problem) {

    public boolean allOnline() {
        return online == total;
    }

    @Override
    public String toString() {
        return total + " devices: " + online + " online, " + connecting + " connecting, " + offline + " offline, "
                + busy + " busy" + (pending > 0 ? ", " + pending + " pending" : "")
                + (failed > 0 ? ", " + failed + " failed" : "") + (problem != null ? " (" + problem + ")" : "");
    }
}
