package dev.twinops.rollout.audit;

/**
 * What {@link AuditJournal#verify()} found: intact with {@code entries} entries, or the first bad line (1-based)
 * and what is wrong with it.
 */
public record VerifyResult(boolean intact, int entries, Integer badLine, String problem) {

    static VerifyResult ok(int entries) {
        return new VerifyResult(true, entries, null, null);
    }

    static VerifyResult problem(int goodEntries, int line, String problem) {
        return new VerifyResult(false, goodEntries, line, problem);
    }
}
