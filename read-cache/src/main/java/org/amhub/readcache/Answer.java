package org.amhub.readcache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.restsupport.ConditionalGetFilter;

import java.io.UncheckedIOException;
import java.util.Set;

/**
 * A read's answer as sent: the body bytes, their entity tag and content type. {@code subjects} names what the answer is
 * about (hub slugs) when some callers would get another variant of it (a hub's coordinator sees its contact email):
 * the resource serves this answer only to callers privileged for none of them.
 *
 * @param body      the bytes sent (never modified after construction)
 * @param etag      the quoted entity tag
 * @param mediaType the content type
 * @param subjects  names whose privileged callers need another variant; empty when everyone gets this one
 * @param basis     in-memory inputs the answer shows, for the reader's check that they are still current (or null)
 */
public record Answer(byte[] body, String etag, String mediaType, Set<String> subjects, Object basis) {

    /** JSON content type, as the uncached reads send it. */
    public static final String JSON = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    public Answer {
        subjects = Set.copyOf(subjects);
    }

    /**
     * Serialises {@code entity} once with the application's mapper; the tag is {@code etag} if given (a hub's version),
     * otherwise the digest {@link ConditionalGetFilter} would give the same bytes, so cached and uncached answers carry
     * the same tag.
     */
    public static Answer json(ObjectMapper mapper, Object entity, String etag, Set<String> subjects) {
        try {
            byte[] body = mapper.writeValueAsBytes(entity);
            return new Answer(body, etag != null ? etag : ConditionalGetFilter.tagOf(body), JSON, subjects, null);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same answer, built from these in-memory inputs (see {@link ReadCache#get(String, java.util.function.Supplier,
     * java.util.function.Predicate)}). */
    public Answer withBasis(Object inputs) {
        return new Answer(body, etag, mediaType, subjects, inputs);
    }

    /** 304 with the tag when {@code ifNoneMatch} holds it (RFC 9110, weak comparison), otherwise 200 with the bytes. */
    public Response respond(String ifNoneMatch) {
        if (ConditionalGetFilter.matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(body, mediaType).header(HttpHeaders.ETAG, etag).build();
    }
}
