package io.peerage.journal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows of one kind that the changes of a batch add to, written together in JDBC batches once every change of the
 * batch has been applied: one round trip for hundreds of rows instead of one per change.
 */
public interface RowGroup {

    void write(Connection connection) throws SQLException;
}
