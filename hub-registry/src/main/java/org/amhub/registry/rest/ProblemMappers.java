package org.amhub.registry.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.amhub.registry.service.ConflictException;
import org.amhub.registry.service.FieldViolation;
import org.amhub.registry.service.HubNotFoundException;
import org.amhub.registry.service.InvalidProfileException;
import org.amhub.registry.service.InvalidQueryException;
import org.amhub.registry.service.PreconditionFailedException;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error leaves as RFC 9457 problem details naming the offending field. Client mistakes get a 4xx; only a fault
 * of ours is a 500, and its detail reveals nothing internal.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidBody(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(422, "Invalid hub profile", summary(errors), uri, errors);
    }

    @ServerExceptionMapper
    public Response invalidProfile(InvalidProfileException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.errors().stream().map(ProblemMappers::toError).toList();
        return problem(422, "Invalid hub profile", summary(errors), uri, errors);
    }

    /** Listed one by one because Quarkus ships its own mappers for the specific Jackson types. */
    @ServerExceptionMapper({JsonProcessingException.class, com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
            com.fasterxml.jackson.databind.exc.ValueInstantiationException.class})
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : null;
        String detail = e instanceof JsonMappingException && field != null
                ? "The value of '" + field + "' has the wrong type or is not allowed" + unknownPropertyHint(e)
                : "The request body is not valid JSON";
        return problem(400, "Malformed request body", detail, uri, field == null ? null : List.of(new Problem.FieldError(field, detail)));
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return problem(400, "Invalid query parameter", e.parameter() + ": " + e.getMessage(), uri,
                List.of(new Problem.FieldError(e.parameter(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response malformedHeader(ETags.MalformedHeaderException e, UriInfo uri) {
        return problem(400, "Malformed header", e.header + ": " + e.getMessage(), uri, List.of(new Problem.FieldError(e.header, e.getMessage())));
    }

    @ServerExceptionMapper
    public Response notFound(HubNotFoundException e, UriInfo uri) {
        return problem(404, "Hub not found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return problem(409, "Conflict", e.getMessage(), uri, e.field() == null ? null : List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentEdit(RuntimeException e, UriInfo uri) {
        return problem(409, "Concurrent modification", "Someone changed this hub at the same moment; fetch it again and reapply your change", uri, null);
    }

    @ServerExceptionMapper
    public Response stale(PreconditionFailedException e, UriInfo uri) {
        Response response = problem(412, "Precondition failed", e.getMessage(), uri, List.of(new Problem.FieldError("If-Match", e.getMessage())));
        return Response.fromResponse(response).tag(ETags.of(e.currentVersion())).build();
    }

    @ServerExceptionMapper
    public Response preconditionRequired(ETags.PreconditionRequiredException e, UriInfo uri) {
        return problem(428, "Precondition required", e.getMessage(), uri, List.of(new Problem.FieldError("If-Match", "required")));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        Response response = problem(401, "Authentication required", "Send HTTP Basic credentials of an admin or hub coordinator", uri, null);
        return Response.fromResponse(response).header("WWW-Authenticate", "Basic realm=\"amhub\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", e.getMessage() == null ? "You may not change this resource" : e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 415 -> "Send the body as application/json";
            case 405 -> "This method is not allowed here";
            default -> e.getMessage();
        };
        return Response.fromResponse(problem(status, title, detail, uri, null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure on " + uri.getPath(), e);
        return problem(500, "Internal error", "The registry failed to handle this request; it has been logged", uri, null);
    }

    static Response problem(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        String field = errors == null || errors.isEmpty() ? null : errors.get(0).field();
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), field, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static Problem.FieldError toError(FieldViolation violation) {
        return new Problem.FieldError(violation.field(), violation.message());
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

    private static String unknownPropertyHint(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ? " (unknown property)" : "";
    }
}
