package org.amhub.notifications.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import static org.amhub.restsupport.ProblemMappers.problem;

/** The notification service's own errors as problem details; the shared ones come from {@code rest-support}. */
public class NotificationProblemMappers {

    @ServerExceptionMapper
    public Response invalidSubscription(SubscriptionResource.InvalidSubscriptionException e, UriInfo uri) {
        return problem(422, "Invalid subscription", e.field, e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response tooManyStreams(org.amhub.notifications.feed.FeedBroadcaster.TooManyStreamsException e, UriInfo uri) {
        return Response.fromResponse(problem(429, "Too many open streams", e.getMessage(), uri, null))
                .header("Retry-After", "30").build();
    }
}
