package org.amhub.notifications.messaging;

/** A record that breaks its topic's contract: retrying cannot help, so it belongs in the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
