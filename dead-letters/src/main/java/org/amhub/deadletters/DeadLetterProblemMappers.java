package org.amhub.deadletters;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static org.amhub.restsupport.ProblemMappers.problem;

/** Dead-letter admin errors as problem details. */
public class DeadLetterProblemMappers {

    @ServerExceptionMapper
    public Response unknown(DeadLetters.UnknownDeadLetterException e, UriInfo uri) {
        return problem(404, "Not Found", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response alreadyReplayed(DeadLetters.AlreadyReplayedException e, UriInfo uri) {
        return problem(409, "Already replayed", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public Response failed(DeadLetters.ReplayFailedException e, UriInfo uri) {
        return problem(422, "Replay failed", e.getMessage(), uri, null);
    }
}
