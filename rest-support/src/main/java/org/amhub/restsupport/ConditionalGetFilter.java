package org.amhub.restsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Validators for the public reads marked {@link ConditionalGet}: the answer is serialised here once (with the
 * application's own ObjectMapper), its SHA-256 digest becomes the ETag, and a request whose {@code If-None-Match} holds
 * that tag gets 304 without a body. Saves the transfer and the client's parsing, not the server's work: the answer is
 * still computed (for a hub's profile, whose ETag is its version, the resource answers 304 before serialising).
 * {@code Cache-Control: no-cache}: caches may keep the answer but must revalidate each time, since suggestions and
 * profiles change at any moment; {@code private} and {@code Vary: Authorization} where the answer depends on the caller.
 * An answer that already has an ETag (a hub's version) keeps it.
 */
@Provider
@ConditionalGet
public class ConditionalGetFilter implements ContainerResponseFilter {

    private final ObjectMapper mapper;

    @Context
    ResourceInfo resource;

    public ConditionalGetFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
        if (!HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod())) {
            return;
        }
        int status = response.getStatus();
        if (status != 200 && status != 304) {
            return;
        }
        boolean perCaller = perCaller();
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, perCaller ? "private, no-cache" : "no-cache");
        if (perCaller) {
            response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        }
        if (status != 200 || response.getHeaders().containsKey(HttpHeaders.ETAG) || !response.hasEntity()) {
            return; // the resource gave its own validator (and perhaps answered 304 already)
        }
        byte[] body = mapper.writeValueAsBytes(response.getEntity());
        String tag = tagOf(body);
        response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            response.setStatus(304);
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            return;
        }
        // the content type Quarkus REST gives a JSON entity itself (and the read cache gives the bytes it keeps)
        response.setEntity(body, response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"));
    }

    private boolean perCaller() {
        ConditionalGet onMethod = resource == null || resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(ConditionalGet.class);
        ConditionalGet onClass = resource == null || resource.getResourceClass() == null ? null
                : resource.getResourceClass().getAnnotation(ConditionalGet.class);
        ConditionalGet marker = onMethod != null ? onMethod : onClass;
        return marker != null && marker.perCaller();
    }

    /** The strong entity tag (quoted) of a body: the one this filter gives an answer without its own validator. */
    public static String tagOf(byte[] body) {
        return "\"" + digest(body) + "\"";
    }

    /** RFC 9110 If-None-Match: "*", or a list of tags compared weakly (W/ ignored). */
    public static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
