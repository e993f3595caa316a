package org.amhub.restsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The exception mappers every service shares: each error leaves as RFC 9457 problem details naming the offending
 * field. Client mistakes get a 4xx; only a fault of ours is a 500, and its detail reveals nothing internal.
 * A {@link WebApplicationException} whose message starts with {@code "name: "} names that field.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int MAX_ERRORS = 50;
    private static final Pattern FIELD_PREFIX = Pattern.compile("^([A-Za-z][\\w.\\[\\]-]*): .*", Pattern.DOTALL);

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> all = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        // A body with a huge array can break a rule in every element: the answer lists the first ones, not all.
        List<Problem.FieldError> errors = all.size() <= MAX_ERRORS ? all : all.subList(0, MAX_ERRORS);
        String more = all.size() <= MAX_ERRORS ? "" : "; and " + (all.size() - MAX_ERRORS) + " more";
        return problem(422, "Invalid request", summary(errors) + more, uri, errors);
    }

    /** Listed one by one because Quarkus ships its own mappers for the specific Jackson types. */
    @ServerExceptionMapper({JsonProcessingException.class, com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
            com.fasterxml.jackson.databind.exc.ValueInstantiationException.class})
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String path = e instanceof JsonMappingException mapping ? jsonPath(mapping) : null;
        String field = path == null ? "body" : path;
        String detail = path == null ? "The request body is not valid JSON"
                : "The value of '" + field + "' has the wrong type or is not allowed"
                + (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ? " (unknown property)" : "");
        return problem(400, "Malformed request body", detail, uri, List.of(new Problem.FieldError(field, detail)));
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return problem(400, "Invalid query parameter", e.parameter(), e.getMessage(), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(problem(401, "Authentication required",
                        "Send a valid bearer access token (OIDC) of an admin or hub coordinator", uri, null))
                .header("WWW-Authenticate", "Bearer realm=\"amhub\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", e.getMessage() == null ? "You may not change this resource" : e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException unreadable) {
                return unreadable(unreadable, uri); // the body reader wrapped it (truncated JSON, nesting too deep)
            }
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String detail = switch (status) {
            case 415 -> "Send the body as application/json";
            case 405 -> "This method is not allowed here";
            default -> e.getMessage();
        };
        Matcher field = FIELD_PREFIX.matcher(detail == null ? "" : detail);
        List<Problem.FieldError> errors = field.matches()
                ? List.of(new Problem.FieldError(field.group(1), detail.substring(field.group(1).length() + 2))) : null;
        return problem(status, known == null ? "HTTP " + status : known.getReasonPhrase(), detail, uri, errors);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure on " + uri.getPath(), e);
        return problem(500, "Internal error", "The service failed to handle this request; it has been logged", uri, null);
    }

    /** A problem response; {@code field} is the first error's field. */
    public static Response problem(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        String field = errors == null || errors.isEmpty() ? null : errors.get(0).field();
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), field, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    public static Response problem(int status, String title, String field, String message, UriInfo uri) {
        return problem(status, title, field + ": " + message, uri, List.of(new Problem.FieldError(field, message)));
    }

    private static String summary(List<Problem.FieldError> errors) {
        return errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
    }

    /** "create.request.needs[0].topic" becomes "needs[0].topic": the path inside the JSON body. */
    static String fieldPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        boolean inBody = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                inBody = true;
                continue;
            }
            if (!inBody || node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    path.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (node.getName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
