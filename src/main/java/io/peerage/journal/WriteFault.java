package io.peerage.journal;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why a write failed, which decides what the writer does next: when the database is unavailable nothing would be
 * written, so the writer waits for it rather than trying change by change; when one change is at fault, the others
 * are written without it.
 */
public enum WriteFault {
    /** No connection, a lock that did not come, a table or column missing, a timeout: no change can be written now. */
    DATABASE_UNAVAILABLE("database-unavailable"),
    /** The database refused a change (a constraint, a value out of range) or the code of a change failed. */
    CHANGE("change"),
    /** A {@link java.lang.Error} was thrown in the writer: treated like a change at fault, and a restart may help. */
    ERROR("error");

    /** MariaDB's error codes of an unavailable database: lock wait, deadlock, missing table or column, read-only... */
    private static final Set<Integer> UNAVAILABLE_CODES =
            Set.of(1040, 1053, 1054, 1146, 1205, 1213, 1290, 1836, 2002, 2003, 2006, 2013, 1927, 4031);

    /**
     * A trigger's or procedure's {@code SIGNAL} (MariaDB 1644, SQLSTATE 45000): the database refused this change. The
     * driver reports it as a transient connection failure, which it is not.
     */
    private static final int SIGNAL_CODE = 1644;

    private static final String SIGNAL_STATE = "45000";

    private final String tag;

    WriteFault(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code kind} tag of {@code peerage.journal.failures}. */
    public String tag() {
        return tag;
    }

    public static WriteFault of(Throwable failure) {
        if (failure instanceof Error) {
            return ERROR;
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = next(cause)) {
            if (cause instanceof Error) {
                return ERROR;
            }
            WriteFault fault = ofOne(cause);
            if (fault != null) {
                return fault;
            }
        }
        return CHANGE;
    }

    private static Throwable next(Throwable cause) {
        if (cause.getCause() != null) {
            return cause.getCause();
        }
        return cause instanceof SQLException sql ? sql.getNextException() : null;
    }

    /** What one exception of the chain says, or null when it says nothing. */
    private static WriteFault ofOne(Throwable cause) {
        if (cause instanceof SQLIntegrityConstraintViolationException) {
            return CHANGE;
        }
        if (cause instanceof SQLException sql) {
            WriteFault byState = ofState(sql.getSQLState(), sql.getErrorCode());
            if (byState != null) {
                return byState;
            }
            if (sql instanceof SQLNonTransientConnectionException
                    || sql instanceof SQLRecoverableException
                    || sql instanceof SQLTimeoutException
                    || sql instanceof SQLTransientException) {
                return DATABASE_UNAVAILABLE;
            }
            String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("acquisition timeout")) {
                // The connection pool found no connection in time (Agroal says so only in words).
                return DATABASE_UNAVAILABLE;
            }
            return null;
        }
        if (cause instanceof SocketException || cause instanceof EOFException) {
            return DATABASE_UNAVAILABLE;
        }
        String type = cause.getClass().getSimpleName();
        return switch (type) {
            case "JDBCConnectionException",
                    "LockAcquisitionException",
                    "LockTimeoutException",
                    "PessimisticLockException",
                    "QueryTimeoutException",
                    "TransactionTimedOutException" -> DATABASE_UNAVAILABLE;
            case "ConstraintViolationException", "DataException" -> CHANGE;
            default -> null;
        };
    }

    private static WriteFault ofState(String state, int code) {
        if (code == SIGNAL_CODE) {
            return CHANGE;
        }
        if (UNAVAILABLE_CODES.contains(code)) {
            return DATABASE_UNAVAILABLE;
        }
        if (state == null || state.length() < 2) {
            return null;
        }
        if (state.startsWith("08") // connection exception
                || state.equals("40001") // serialization failure, deadlock
                || state.equals("42S02") // table not found
                || state.equals("42S22") // column not found
                || state.startsWith("HYT") // timeout
                || state.equals("25006") // read-only transaction
                || state.equals("57P01")) {
            return DATABASE_UNAVAILABLE;
        }
        if (state.startsWith("23") || state.startsWith("22") || state.equals(SIGNAL_STATE)) {
            return CHANGE;
        }
        return null;
    }
}
