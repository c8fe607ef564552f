package io.peerage.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Rows of one kind that the changes of a batch add to, written together in JDBC batches once every change of the
 * batch has been applied: one round trip for hundreds of rows instead of one per change.
 */
public interface RowGroup {

    void write(Connection connection) throws SQLException;

    /** A time for a DATETIME column: they hold UTC, as Hibernate writes and reads them (quarkus.hibernate-orm.jdbc.timezone). */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
