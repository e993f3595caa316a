package org.amhub.registry.service;

/** The client's If-Match version is not the current one: a 412 that carries the current version. */
public class PreconditionFailedException extends RuntimeException {
    private final long currentVersion;

    public PreconditionFailedException(long expected, long currentVersion) {
        super("The hub is at version " + currentVersion + ", not " + expected + "; fetch it again and reapply the change");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
