package org.amhub.notifications.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.sql.SQLException;

/**
 * Tells a poison record (unreadable or invalid: dead-letter it) from a transient failure (database, broker, timeout,
 * anything else: retry the same record). When in doubt a failure is transient: a stuck consumer is visible on the
 * retry metric and health check and resumes by itself, a wrongly dead-lettered record would be silently skipped.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static boolean isPoison(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidRecordException || t instanceof JsonProcessingException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && isDataError(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL state class 22 (data exception: a value out of range, malformed text) and class 23 (integrity constraint) come
     * from the record's content, except 23505 (unique violation): a concurrent duplicate, which a retry resolves by
     * finding the key taken.
     */
    static boolean isDataError(String sqlState) {
        return sqlState.startsWith("22") || (sqlState.startsWith("23") && !sqlState.equals("23505"));
    }
}
