package org.amhub.notifications.messaging;

import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("transaction failed", new RuntimeException(cause));
    }

    @Test
    void unreadableOrInvalidRecordsArePoison() {
        assertThat(FailureClassifier.isPoison(new JsonParseException(null, "unexpected end"))).isTrue();
        assertThat(FailureClassifier.isPoison(new InvalidRecordException("no key"))).isTrue();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("null value in column", "23502")))).isTrue();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("invalid input syntax", "22P02")))).isTrue();
    }

    @Test
    void outagesTimeoutsAndEverythingElseAreTransient() {
        assertThat(FailureClassifier.isPoison(wrapped(new SQLTransientConnectionException("refused", "08001")))).isFalse();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("not accepting connections", "55000")))).isFalse();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("terminating connection", "57P01")))).isFalse();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("deadlock", "40P01")))).isFalse();
        assertThat(FailureClassifier.isPoison(wrapped(new SQLException("duplicate key", "23505")))).isFalse(); // a retry finds the key taken
        assertThat(FailureClassifier.isPoison(new jakarta.transaction.RollbackException("timeout"))).isFalse();
        assertThat(FailureClassifier.isPoison(new NullPointerException())).isFalse();
    }
}
