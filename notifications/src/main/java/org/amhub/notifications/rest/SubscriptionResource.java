package org.amhub.notifications.rest;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.events.Taxonomy;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.WebhookUrlPolicy;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/hubs/{hub}/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "Subscriptions", description = "What reaches a hub's hosts, on which channel, and when (admin or the hub's coordinator)")
public class SubscriptionResource {

    private static final Taxonomy TAXONOMY = Taxonomy.standard();

    private final HubAccess access;
    private final WebhookUrlPolicy urlPolicy;

    public SubscriptionResource(HubAccess access, WebhookUrlPolicy urlPolicy) {
        this.access = access;
        this.urlPolicy = urlPolicy;
    }

    @GET
    @Transactional
    @Operation(operationId = "listSubscriptions", summary = "The hub's subscriptions (the default one follows the hub's contact email)")
    public List<SubscriptionView> list(@PathParam("hub") String hub) {
        return Subscription.ofHub(access.editableHub(hub).hubId).stream().map(SubscriptionView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @APIResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "createSubscription", summary = "Add a subscription")
    public Response create(@PathParam("hub") String hub, @Valid @NotNull SubscriptionRequest request) {
        HubContact contact = access.editableHub(hub);
        Subscription subscription = new Subscription();
        subscription.id = UUID.randomUUID();
        subscription.hubId = contact.hubId;
        subscription.createdAt = Instant.now();
        apply(subscription, request);
        subscription.persist();
        return Response.status(201).entity(SubscriptionView.of(subscription)).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @APIResponse(responseCode = "200", description = "The replaced subscription", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "updateSubscription", summary = "Replace a subscription (a default subscription's emails keep following the contact)")
    public SubscriptionView update(@PathParam("hub") String hub, @PathParam("id") String id, @Valid @NotNull SubscriptionRequest request) {
        Subscription subscription = find(access.editableHub(hub), id);
        apply(subscription, request);
        return SubscriptionView.of(subscription);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @APIResponse(responseCode = "204", description = "Removed; its pending deliveries are cancelled")
    @Operation(operationId = "deleteSubscription", summary = "Remove a subscription")
    public Response delete(@PathParam("hub") String hub, @PathParam("id") String id) {
        Subscription subscription = find(access.editableHub(hub), id);
        // Its waiting deliveries will never go out: cancelled now (the worker also re-checks before each send).
        Delivery.update("status = ?1, lastError = ?2 WHERE subscriptionId = ?3 AND status IN ?4", Delivery.Status.CANCELLED,
                "subscription deleted", subscription.id, List.of(Delivery.Status.PENDING, Delivery.Status.FAILED, Delivery.Status.DIGEST));
        subscription.delete();
        return Response.noContent().build();
    }

    private static Subscription find(HubContact hub, String id) {
        try {
            Subscription subscription = Subscription.findById(UUID.fromString(id));
            if (subscription != null && subscription.hubId.equals(hub.hubId)) {
                return subscription;
            }
        } catch (IllegalArgumentException notAnId) {
            // falls through to 404
        }
        throw new NotFoundException("No subscription " + id + " for this hub");
    }

    private void apply(Subscription subscription, SubscriptionRequest request) {
        List<String> emails = request.emails() == null ? List.of() : request.emails().stream().map(String::strip).distinct().toList();
        String url = request.webhookUrl() == null || request.webhookUrl().isBlank() ? null : request.webhookUrl().strip();
        if (emails.isEmpty() && url == null && !subscription.isDefault) {
            throw new InvalidSubscriptionException("emails", "give at least one email address or a webhookUrl");
        }
        if (url != null) {
            try {
                urlPolicy.check(url);
            } catch (WebhookUrlPolicy.RefusedUrlException e) {
                throw new InvalidSubscriptionException("webhookUrl", e.getMessage());
            }
            if (request.webhookSecret() == null && subscription.webhookSecret == null) {
                throw new InvalidSubscriptionException("webhookSecret", "a webhook needs a signing secret (16 characters or more)");
            }
        }
        List<String> topics = request.topics() == null ? List.of() : request.topics().stream()
                .map(t -> TAXONOMY.resolve(t).map(Taxonomy.Topic::id)
                        .orElseThrow(() -> new InvalidSubscriptionException("topics", "unknown topic '" + t + "'")))
                .distinct().toList();
        if (!subscription.isDefault) {
            subscription.emails = emails;
        }
        subscription.webhookUrl = url;
        if (request.webhookSecret() != null) {
            subscription.webhookSecret = request.webhookSecret();
        }
        if (url == null) {
            subscription.webhookSecret = null;
        }
        subscription.minScore = request.minScore() == null ? 0 : request.minScore();
        subscription.topics = topics;
        subscription.mutedPartners = request.mutedPartners() == null ? List.of() : request.mutedPartners().stream().map(String::strip).toList();
        subscription.deliveryMode = request.deliveryModeOrDefault();
        subscription.updatedAt = Instant.now();
    }

    /** A rule of subscriptions is broken: a 422 naming the field. */
    public static class InvalidSubscriptionException extends RuntimeException {
        final String field;

        InvalidSubscriptionException(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
