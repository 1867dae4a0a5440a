package dev.twinops.rollout.hub;

/** One row of the per-wave aggregate: how many devices report {@code status} (null: nothing reported). */
public record StatusCount(String status, long count) {
}
