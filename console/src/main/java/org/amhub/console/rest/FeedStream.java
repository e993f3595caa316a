package org.amhub.console.rest;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.amhub.console.client.FeedStreamApi;
import org.amhub.console.service.Viewer;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A hub's live feed for the browser: the notifications service's resumable SSE stream, relayed with the signed-in
 * user's token (the browser holds only its session cookie). The browser's Last-Event-ID is passed on, so a
 * reconnecting page gets what it missed and nothing twice.
 */
@Path("/hubs/{slug}/feed/stream")
@Authenticated
public class FeedStream {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FeedStream.class);

    private final FeedStreamApi feed;
    private final Viewer viewer;
    private final SecurityIdentity identity;

    public FeedStream(@RestClient FeedStreamApi feed, Viewer viewer, SecurityIdentity identity) {
        this.feed = feed;
        this.viewer = viewer;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("slug") String slug, @HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("lastEventId") String fromPage, @Context Sse sse) {
        if (!viewer.actsFor(slug)) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + slug + "' may read its feed");
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new ForbiddenException("No access token in this session");
        }
        // The page passes the newest item it rendered, so nothing that arrives between render and connect is missed.
        return feed.stream(slug, "Bearer " + token.getToken(), lastEventId != null ? lastEventId : fromPage)
                .filter(event -> event.data() != null && !event.data().isBlank())
                .map(event -> sse.newEventBuilder().id(event.id()).name(event.name() == null ? "notification" : event.name())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.data()).build())
                // The notifications service is down or restarting: end this stream; the browser reconnects with its
                // Last-Event-ID and misses nothing.
                .onFailure().invoke(e -> LOG.debugf("Feed stream of %s ended: %s", slug, e.getMessage()))
                .onFailure().recoverWithCompletion();
    }
}
