package org.amhub.console.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.events.match.Reason;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;

/** The notifications service's API: a hub's feed, subscriptions and delivery log, with the signed-in user's token. */
@RegisterRestClient(configKey = "notifications")
@RegisterProvider(PropagateAccessToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface NotificationsApi extends DeadLetterApi {

    @GET
    @Path("/hubs/{hub}/notifications")
    List<FeedItem> feed(@PathParam("hub") String hub, @QueryParam("limit") int limit);

    @POST
    @Path("/hubs/{hub}/notifications/{id}/read")
    FeedItem markRead(@PathParam("hub") String hub, @PathParam("id") long id);

    @GET
    @Path("/hubs/{hub}/subscriptions")
    List<Subscription> subscriptions(@PathParam("hub") String hub);

    /** Returns the raw response: a created webhook subscription carries its secret once, which the page shows once. */
    @POST
    @Path("/hubs/{hub}/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response subscribe(@PathParam("hub") String hub, NewSubscription subscription);

    @DELETE
    @Path("/hubs/{hub}/subscriptions/{id}")
    void unsubscribe(@PathParam("hub") String hub, @PathParam("id") String id);

    @GET
    @Path("/hubs/{hub}/deliveries")
    List<Delivery> deliveries(@PathParam("hub") String hub);

    record FeedItem(long id, String kind, String matchId, String partnerSlug, String partnerName, Double score,
                    List<String> topics, List<String> reasons, List<Reason> explanations, String text,
                    Instant createdAt, boolean read) {
        public Integer percent() {
            return score == null ? null : (int) Math.round(score * 100);
        }
    }

    record Subscription(String id, List<String> emails, String webhookUrl, double minScore, List<String> topics,
                        String deliveryMode, boolean isDefault, Instant updatedAt) {
    }

    record NewSubscription(List<String> emails, String webhookUrl, Double minScore, List<String> topics, String deliveryMode) {
    }

    record Delivery(String id, String matchId, String channel, String recipient, String status, int attempts,
                    Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
    }
}
