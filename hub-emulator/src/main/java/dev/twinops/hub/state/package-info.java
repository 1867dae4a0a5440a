/**
 * The hub's durable state: identity registry, device twins, device presence and persistent MQTT sessions, and the
 * SQLite plumbing every store of the hub uses.
 *
 * <p>{@link dev.twinops.hub.state.HubState} opens the state and is its entry point: twins are read and written
 * through it, the registry, presence and sessions through the objects it hands out. Reads come from an in-memory
 * copy of every device (immutable by convention, swapped whole on each write), so queries over 100,000 twins never
 * touch the disk. Writes are checked on the caller's thread, then queued to a single writer thread that
 * group-commits everything pending into one SQLite transaction ({@code state.db}, WAL, synchronous=FULL), and only
 * after the commit publishes the changes to memory, notifies listeners and completes the futures.
 *
 * <p>Scheduled jobs keep their own file, {@code jobs.db} (package {@code dev.twinops.hub.jobs}), opened the same way
 * ({@link dev.twinops.hub.state.SqliteStoreFile}) and written by its own
 * {@link dev.twinops.hub.state.GroupCommitWriter}.
 */
package dev.twinops.hub.state;
