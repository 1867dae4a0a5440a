/**
 * The hub's durable state: identity registry, device twins and persistent MQTT sessions.
 *
 * <p>{@link dev.twinops.hub.state.HubState} is the only entry point. Reads come from an in-memory copy of every
 * device (immutable by convention, swapped whole on each write), so queries over 100,000 twins never touch the
 * disk. Writes are checked on the caller's thread, then queued to a single writer thread that group-commits
 * everything pending into one SQLite transaction ({@code state.db}, WAL, synchronous=FULL), and only after the
 * commit publishes the changes to memory, notifies listeners and completes the futures.
 *
 * <p>Other parts of the hub that need durable tables (e.g. scheduled jobs) keep them in the same file:
 * {@link dev.twinops.hub.state.HubState#migrateSchema} once at start-up for their schema, then
 * {@link dev.twinops.hub.state.HubState#inTransaction} for each change, which joins the same group commit.
 */
package dev.twinops.hub.state;
