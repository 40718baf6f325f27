package dev.clauth.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.api.Trigger;

/**
 * An H2 trigger that makes the next write to a table fail, once: the database failing in the
 * middle of a token request, for the tests that show a failed request has used nothing up.
 */
public final class FailOnceTrigger implements Trigger {

    static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (ARMED.getAndSet(false)) {
            throw new SQLException("injected failure (test)", "08006");
        }
    }
}
