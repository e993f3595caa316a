package org.amhub.registry.rest;

import jakarta.ws.rs.core.EntityTag;

/** Hub versions as entity tags: the ETag of a profile is its version, quoted. */
final class ETags {

    private ETags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The same tag as an ETag header value: the version, quoted. */
    static String header(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Reads an If-Match header: {@code null} for "*" (any version), the version otherwise.
     *
     * @throws PreconditionRequiredException when the header is missing
     * @throws jakarta.ws.rs.BadRequestException when it is not a version this API issued
     */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        String tag = ifMatch.strip();
        if (tag.equals("*")) {
            return null;
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new MalformedHeaderException("If-Match", "expected the ETag of the hub, for example \"3\"");
        }
    }

    /** A write without If-Match could silently undo someone else's change: RFC 6585 428. */
    static final class PreconditionRequiredException extends RuntimeException {
        PreconditionRequiredException() {
            super("Send If-Match with the ETag you read (GET the hub first), or \"*\" to overwrite whatever is there");
        }
    }

    static final class MalformedHeaderException extends RuntimeException {
        final String header;

        MalformedHeaderException(String header, String message) {
            super(message);
            this.header = header;
        }
    }
}
