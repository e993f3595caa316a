package org.amhub.notifications.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem details for every error; client mistakes are 4xx. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String type, String title, int status, String detail, String instance, String field) {
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        var first = e.getConstraintViolations().iterator().next();
        String path = first.getPropertyPath().toString();
        String field = path.substring(path.lastIndexOf('.') + 1);
        return problem(422, "Invalid request", field + ": " + first.getMessage(), uri, field);
    }

    @ServerExceptionMapper({JsonProcessingException.class, com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
            com.fasterxml.jackson.core.JsonParseException.class})
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().get(m.getPath().size() - 1).getFieldName() : null;
        return problem(400, "Malformed request body", field == null ? "The body is not valid JSON" : "Bad value for '" + field + "'", uri, field);
    }

    @ServerExceptionMapper
    public Response invalidSubscription(SubscriptionResource.InvalidSubscriptionException e, UriInfo uri) {
        return problem(422, "Invalid subscription", e.field + ": " + e.getMessage(), uri, e.field);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(problem(401, "Authentication required", "Send HTTP Basic credentials", uri, null))
                .header("WWW-Authenticate", "Basic realm=\"amhub\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String message = e.getMessage();
        String field = message != null && message.matches("^[A-Za-z]+: .*") ? message.substring(0, message.indexOf(':')) : null;
        if (field == null && message != null && message.matches("^(limit|minScore) must.*")) {
            field = message.substring(0, message.indexOf(' '));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return problem(status, known == null ? "HTTP " + status : known.getReasonPhrase(), message, uri, field);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure on " + uri.getPath(), e);
        return problem(500, "Internal error", "The notifications service failed to handle this request; it has been logged", uri, null);
    }

    static Response problem(int status, String title, String detail, UriInfo uri, String field) {
        return Response.status(status).type("application/problem+json")
                .entity(new Problem("about:blank", title, status, detail, uri.getPath(), field)).build();
    }
}
