package io.peerage.journal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WriteFaultTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                named(
                        "the connection is refused",
                        wrapped(new SQLNonTransientConnectionException("refused", "08000")),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "the connection broke mid-write (MariaDB 08S01)",
                        wrapped(new SQLException("lost", "08S01", 0)),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "the pool found no connection in time",
                        wrapped(new SQLException("Acquisition timeout while waiting for new connection")),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a transient connection failure",
                        wrapped(new SQLTransientConnectionException("busy")),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a lock wait timeout (1205)",
                        wrapped(new SQLException("Lock wait timeout exceeded", "HY000", 1205)),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a deadlock (40001)",
                        wrapped(new SQLException("Deadlock found", "40001", 1213)),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a table is missing (42S02)",
                        wrapped(new SQLSyntaxErrorException("Table 'peerage.allocation' doesn't exist", "42S02", 1146)),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a batch whose next exception says the table is missing",
                        wrapped(batchWithNext(
                                new SQLException("Table 'peerage.decision' doesn't exist", "42S02", 1146))),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a socket error below the driver",
                        wrapped(new ConnectException("Connection refused")),
                        WriteFault.DATABASE_UNAVAILABLE),
                named(
                        "a trigger's SIGNAL, which the driver calls a transient connection failure (1644, 45000)",
                        wrapped(new SQLTransientConnectionException("refused by the trigger", "45000", 1644)),
                        WriteFault.CHANGE),
                named(
                        "a SIGNAL inside a batch",
                        wrapped(batchWithNext(new SQLException("refused by the trigger", "45000", 1644))),
                        WriteFault.CHANGE),
                named(
                        "a duplicate key (23000)",
                        wrapped(new SQLIntegrityConstraintViolationException("Duplicate entry 'a'", "23000", 1062)),
                        WriteFault.CHANGE),
                named(
                        "a value too long (22001)",
                        wrapped(new SQLException("Data too long", "22001", 1406)),
                        WriteFault.CHANGE),
                named("a bug in a change", new NullPointerException("entity"), WriteFault.CHANGE),
                named("an error in a change", new StackOverflowError(), WriteFault.ERROR),
                named(
                        "an error as the cause of an exception",
                        new IllegalStateException(new OutOfMemoryError()),
                        WriteFault.ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies(String name, Throwable failure, WriteFault expected) {
        assertThat(WriteFault.of(failure)).isEqualTo(expected);
    }

    private static Arguments named(String name, Throwable failure, WriteFault expected) {
        return Arguments.of(name, failure, expected);
    }

    /** As Hibernate and the transaction manager hand it over. */
    private static Throwable wrapped(Throwable cause) {
        return new IllegalStateException("transaction failed", new PersistenceException("could not execute", cause));
    }

    private static SQLException batchWithNext(SQLException next) {
        BatchUpdateException batch = new BatchUpdateException("batch failed", new int[0]);
        batch.setNextException(next);
        return batch;
    }
}
