package org.amhub.console.client;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

/**
 * A hub's live feed from the notifications service. The stream outlives the request that opened it, so the token is
 * passed explicitly rather than through the request-scoped propagation filter.
 */
@RegisterRestClient(configKey = "notifications")
@Path("/api/hubs/{hub}/notifications/stream")
public interface FeedStreamApi {

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@PathParam("hub") String hub, @HeaderParam("Authorization") String bearer,
                                   @HeaderParam("Last-Event-ID") String lastEventId);
}
