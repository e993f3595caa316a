package org.amhub.notifications.rest;

import io.smallrye.common.annotation.Blocking;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.amhub.audit.AuditTrail;
import org.amhub.notifications.config.NotificationsConfig;
import org.amhub.notifications.feed.FeedBroadcaster;
import org.amhub.notifications.feed.FeedItem;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Notification;
import org.amhub.restsupport.InvalidQueryException;
import org.amhub.restsupport.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/hubs/{hub}")
@SecurityRequirement(name = "bearer")
@Tag(name = "Feed", description = "A hub's in-app notifications, its live stream and its delivery log (admin or the hub's coordinator)")
public class FeedResource {

    private final HubAccess access;
    private final FeedBroadcaster broadcaster;
    private final NotificationsConfig config;
    private final AuditTrail audit;

    public FeedResource(HubAccess access, FeedBroadcaster broadcaster, NotificationsConfig config, AuditTrail audit) {
        this.audit = audit;
        this.access = access;
        this.broadcaster = broadcaster;
        this.config = config;
    }

    public record DeliveryView(String id, long notificationId, String matchId, String channel, String recipient,
                               String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                               Instant sentAt) {
    }

    @GET
    @Path("/notifications")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "listFeedItems", summary = "The hub's feed, newest first", description = "unread=true for unread items only.")
    public List<FeedItem> feed(@PathParam("hub") String hub, @QueryParam("unread") String unreadParam, @QueryParam("limit") String limitParam) {
        boolean unread = QueryParams.bool("unread", unreadParam, false);
        int limit = QueryParams.integer("limit", limitParam, 50, 1, 500);
        UUID hubId = access.coordinatedHub(hub).hubId;
        String query = unread ? "hubId = ?1 AND readAt IS NULL ORDER BY createdAt DESC, id DESC" : "hubId = ?1 ORDER BY createdAt DESC, id DESC";
        return Notification.<Notification>find(query, hubId).page(0, limit).list()
                .stream().map(FeedItem::of).toList();
    }

    @GET
    @Path("/notifications/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @APIResponse(responseCode = "200", description = "Server-Sent Events: id is the feed item id, data the item as JSON; a comment line is a heartbeat", content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @Operation(operationId = "streamFeed", summary = "Feed items as Server-Sent Events, resumable",
            description = "Each event's id is the feed item id (increasing). Send Last-Event-ID (or ?lastEventId=) to first "
                    + "receive the stored items after it, then live ones, without gaps or repeats. Comment lines are "
                    + "heartbeats. A client that reads too slowly has its stream closed and resumes by reconnecting. "
                    + "Too many open streams for the hub: 429.")
    public Multi<OutboundSseEvent> stream(@PathParam("hub") String hub, @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                                          @QueryParam("lastEventId") String lastEventIdParam, @Context Sse sse) {
        long lastEventId = lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);
        UUID hubId = QuarkusTransaction.requiringNew().call(() -> access.coordinatedHub(hub).hubId);
        FeedBroadcaster.Stream stream = broadcaster.open(hubId); // collects live items from here on
        try {
            List<FeedItem> stored = lastEventId < 0 ? List.of() : QuarkusTransaction.requiringNew().call(() ->
                    Notification.<Notification>find("hubId = ?1 AND id > ?2 ORDER BY id", hubId, lastEventId)
                            .page(0, config.feed().resumeLimit()).list().stream().map(FeedItem::of).toList());
            boolean thenLive = stored.size() < config.feed().resumeLimit();
            long retry = config.feed().reconnectDelay().toMillis();
            return stream.multi(stored, thenLive).map(signal -> signal.heartbeat()
                    ? sse.newEventBuilder().comment("heartbeat").build()
                    : sse.newEventBuilder().id(Long.toString(signal.item().id())).name("notification").reconnectDelay(retry)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(FeedItem.class, signal.item()).build());
        } catch (RuntimeException e) {
            stream.multi(List.of(), false);
            throw e;
        }
    }

    private static long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("Last-Event-ID", "must be a feed item id (a non-negative whole number)");
        }
    }

    @POST
    @Path("/notifications/{id}/read")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "markFeedItemRead", summary = "Mark an item read (admin or the hub's coordinator)")
    public FeedItem markRead(@PathParam("hub") String hub, @PathParam("id") long id) {
        HubContact contact = access.coordinatedHub(hub);
        Notification notification = Notification.findById(id);
        if (notification == null || !notification.hubId.equals(contact.hubId)) {
            throw new NotFoundException("No notification " + id + " for this hub");
        }
        if (notification.readAt == null) {
            notification.readAt = Instant.now();
            audit.record("notification.read", contact.slug, Long.toString(id), java.util.Map.of("readAt", notification.readAt.toString()));
        }
        return FeedItem.of(notification);
    }

    @GET
    @Path("/deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "listDeliveries", summary = "Delivery log: status, attempts and last error per channel and recipient (admin or coordinator)")
    public List<DeliveryView> deliveries(@PathParam("hub") String hub) {
        UUID hubId = access.coordinatedHub(hub).hubId;
        return Delivery.<Delivery>find("hubId = ?1 ORDER BY createdAt DESC", hubId).page(0, 200).list().stream()
                .map(d -> new DeliveryView(d.id.toString(), d.notification.id, d.notification.matchId, d.channel.name(),
                        d.recipient, d.status.name(), d.attempts, d.nextAttemptAt, d.lastError, d.createdAt, d.sentAt))
                .toList();
    }
}
