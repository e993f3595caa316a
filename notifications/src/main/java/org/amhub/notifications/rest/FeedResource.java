package org.amhub.notifications.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.amhub.notifications.feed.FeedBroadcaster;
import org.amhub.notifications.feed.FeedItem;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.amhub.restsupport.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/hubs/{hub}")
@Tag(name = "Feed", description = "A hub's in-app notifications, its live stream and its delivery log")
public class FeedResource {

    private final HubAccess access;
    private final FeedBroadcaster broadcaster;

    public FeedResource(HubAccess access, FeedBroadcaster broadcaster) {
        this.access = access;
        this.broadcaster = broadcaster;
    }

    public record DeliveryView(String id, long notificationId, String matchId, String channel, String recipient,
                               String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                               Instant sentAt) {
    }

    @GET
    @Path("/notifications")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The hub's feed, newest first", description = "unread=true for unread items only.")
    public List<FeedItem> feed(@PathParam("hub") String hub, @QueryParam("unread") String unreadParam, @QueryParam("limit") String limitParam) {
        boolean unread = QueryParams.bool("unread", unreadParam, false);
        int limit = QueryParams.integer("limit", limitParam, 50, 1, 500);
        UUID hubId = access.hub(hub).hubId;
        String query = unread ? "hubId = ?1 AND readAt IS NULL ORDER BY createdAt DESC, id DESC" : "hubId = ?1 ORDER BY createdAt DESC, id DESC";
        return Notification.<Notification>find(query, hubId).page(0, limit).list()
                .stream().map(FeedItem::of).toList();
    }

    @GET
    @Path("/notifications/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "New feed items as Server-Sent Events")
    public Multi<FeedItem> stream(@PathParam("hub") String hub) {
        UUID hubId = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> access.hub(hub).hubId);
        return broadcaster.stream(hubId);
    }

    @POST
    @Path("/notifications/{id}/read")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "basic")
    @Operation(summary = "Mark an item read (admin or the hub's coordinator)")
    public FeedItem markRead(@PathParam("hub") String hub, @PathParam("id") long id) {
        HubContact contact = access.editableHub(hub);
        Notification notification = Notification.findById(id);
        if (notification == null || !notification.hubId.equals(contact.hubId)) {
            throw new NotFoundException("No notification " + id + " for this hub");
        }
        if (notification.readAt == null) {
            notification.readAt = Instant.now();
        }
        return FeedItem.of(notification);
    }

    @GET
    @Path("/deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "basic")
    @Operation(summary = "Delivery log: status, attempts and last error per channel and recipient (admin or coordinator)")
    public List<DeliveryView> deliveries(@PathParam("hub") String hub) {
        UUID hubId = access.editableHub(hub).hubId;
        return Delivery.<Delivery>find("hubId = ?1 ORDER BY createdAt DESC", hubId).page(0, 200).list().stream()
                .map(d -> new DeliveryView(d.id.toString(), d.notification.id, d.notification.matchId, d.channel.name(),
                        d.recipient, d.status.name(), d.attempts, d.nextAttemptAt, d.lastError, d.createdAt, d.sentAt))
                .toList();
    }
}
