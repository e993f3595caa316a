package org.amhub.matchmaker.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.amhub.matchmaker.service.PartnershipService;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static org.amhub.restsupport.ProblemMappers.problem;

/** The partnership service's refusals as problem details; the shared ones come from {@code rest-support}. */
public class PartnershipProblemMappers {

    @ServerExceptionMapper
    public Response stageConflict(PartnershipService.StageConflictException e, UriInfo uri) {
        return problem(409, "Stage move not allowed", "stage", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response stale(PartnershipService.StaleVersionException e, UriInfo uri) {
        String message = e.getMessage().startsWith("If-Match: ") ? e.getMessage().substring("If-Match: ".length()) : e.getMessage();
        return problem(412, "Precondition failed", "If-Match", message, uri);
    }
}
