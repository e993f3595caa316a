package org.amhub.registry.rest;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.amhub.registry.service.ConflictException;
import org.amhub.registry.service.HubNotFoundException;
import org.amhub.registry.service.InvalidProfileException;
import org.amhub.registry.service.PreconditionFailedException;
import org.amhub.restsupport.Problem;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

import static org.amhub.restsupport.ProblemMappers.problem;

/** The registry's own errors as problem details; the shared ones come from {@code rest-support}. */
public class RegistryProblemMappers {

    @ServerExceptionMapper
    public Response invalidProfile(InvalidProfileException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.errors().stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList();
        String detail = errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
        return problem(422, "Invalid hub profile", detail, uri, errors);
    }

    @ServerExceptionMapper
    public Response malformedHeader(ETags.MalformedHeaderException e, UriInfo uri) {
        return problem(400, "Malformed header", e.header, e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response notFound(HubNotFoundException e, UriInfo uri) {
        return problem(404, "Hub not found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return e.field() == null ? problem(409, "Conflict", e.getMessage(), uri, null)
                : problem(409, "Conflict", e.field(), e.getMessage(), uri);
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentEdit(RuntimeException e, UriInfo uri) {
        return problem(409, "Concurrent modification", "Someone changed this hub at the same moment; fetch it again and reapply your change", uri, null);
    }

    @ServerExceptionMapper
    public Response stale(PreconditionFailedException e, UriInfo uri) {
        return Response.fromResponse(problem(412, "Precondition failed", "If-Match", e.getMessage(), uri))
                .tag(ETags.of(e.currentVersion())).build();
    }

    @ServerExceptionMapper
    public Response preconditionRequired(ETags.PreconditionRequiredException e, UriInfo uri) {
        return problem(428, "Precondition required", e.getMessage(), uri, List.of(new Problem.FieldError("If-Match", "required")));
    }
}
