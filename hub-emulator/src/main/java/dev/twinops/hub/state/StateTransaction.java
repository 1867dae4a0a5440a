package dev.twinops.hub.state;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work another part of the hub (e.g. scheduled jobs) runs inside the state database's group-commit
 * transaction, on the single writer thread. See {@link HubState#inTransaction(StateTransaction)}.
 *
 * <p>Rules: use only the given connection and only for the duration of the call; never commit, roll back or
 * change auto-commit (the writer does that for the whole batch); keep it short (it delays every other write
 * in the batch); throw to undo everything this work did (it runs in its own savepoint).
 */
@FunctionalInterface
public interface StateTransaction<T> {
    T run(Connection connection) throws SQLException;
}
