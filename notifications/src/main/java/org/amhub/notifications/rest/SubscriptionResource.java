package org.amhub.notifications.rest;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
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
import org.amhub.audit.AuditTrail;
import org.amhub.events.Taxonomy;
import org.amhub.notifications.repository.Delivery;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.webhook.WebhookSecrets;
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

    private final Taxonomy taxonomy;

    private final HubAccess access;
    private final WebhookUrlPolicy urlPolicy;
    private final WebhookSecrets secrets;
    private final AuditTrail audit;

    public SubscriptionResource(HubAccess access, WebhookUrlPolicy urlPolicy, WebhookSecrets secrets, AuditTrail audit,
                                Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
        this.access = access;
        this.urlPolicy = urlPolicy;
        this.secrets = secrets;
        this.audit = audit;
    }

    @GET
    @Transactional
    @Operation(operationId = "listSubscriptions", summary = "The hub's subscriptions (the default one follows the hub's contact email)")
    public List<SubscriptionView> list(@PathParam("hub") String hub) {
        return Subscription.ofHub(access.coordinatedHub(hub).hubId).stream().map(SubscriptionView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @APIResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "createSubscription", summary = "Add a subscription", description = "With a webhookUrl, the answer carries the generated signing "
            + "secret (whsec_...): shown this once, never again. A webhookSecret in the request is refused (400).")
    public Response create(@PathParam("hub") String hub, @Valid @NotNull SubscriptionRequest request) {
        HubContact contact = access.coordinatedHub(hub);
        Subscription subscription = new Subscription();
        subscription.id = UUID.randomUUID();
        subscription.hubId = contact.hubId;
        subscription.createdAt = Instant.now();
        String newSecret = apply(subscription, request);
        subscription.persist();
        audit.record("subscription.create", contact.slug, subscription.id.toString(), audit.diff(null, SubscriptionView.audited(subscription)));
        return Response.status(201).entity(SubscriptionView.of(subscription, newSecret)).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @APIResponse(responseCode = "200", description = "The replaced subscription", content = @Content(schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "updateSubscription", summary = "Replace a subscription (a default subscription's emails keep following the contact)")
    public SubscriptionView update(@PathParam("hub") String hub, @PathParam("id") String id, @Valid @NotNull SubscriptionRequest request) {
        HubContact contact = access.coordinatedHub(hub);
        Subscription subscription = find(contact, id);
        var before = SubscriptionView.audited(subscription);
        String newSecret = apply(subscription, request);
        audit.record("subscription.update", contact.slug, subscription.id.toString(), audit.diff(before, SubscriptionView.audited(subscription)));
        return SubscriptionView.of(subscription, newSecret);
    }

    @POST
    @Path("/{id}/webhook-secret")
    @Transactional
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate the webhook signing secret",
            description = "A new secret replaces the old one at once; the answer carries it, shown this once.")
    public SubscriptionView rotate(@PathParam("hub") String hub, @PathParam("id") String id) {
        HubContact contact = access.coordinatedHub(hub);
        Subscription subscription = find(contact, id);
        if (subscription.webhookUrl == null) {
            throw new InvalidSubscriptionException("webhookUrl", "this subscription has no webhook to sign for");
        }
        String secret = WebhookSecrets.generate();
        subscription.webhookSecret = secrets.encrypt(subscription.id, secret);
        subscription.updatedAt = Instant.now();
        audit.record("subscription.rotate-secret", contact.slug, subscription.id.toString(), java.util.Map.of("webhookSecret", "rotated"));
        return SubscriptionView.of(subscription, secret);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @APIResponse(responseCode = "204", description = "Removed; its pending deliveries are cancelled")
    @Operation(operationId = "deleteSubscription", summary = "Remove a subscription")
    public Response delete(@PathParam("hub") String hub, @PathParam("id") String id) {
        HubContact contact = access.coordinatedHub(hub);
        Subscription subscription = find(contact, id);
        audit.record("subscription.delete", contact.slug, subscription.id.toString(), audit.diff(SubscriptionView.audited(subscription), null));
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

    /** Applies the request; returns a newly generated webhook secret (to show once), or null. */
    private String apply(Subscription subscription, SubscriptionRequest request) {
        if (request.webhookSecret() != null) {
            throw new BadRequestException("webhookSecret: the signing secret is generated by the server and returned once "
                    + "when the webhook is created (POST .../subscriptions/{id}/webhook-secret rotates it); do not send one");
        }
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
        }
        List<String> topics = request.topics() == null ? List.of() : request.topics().stream()
                .map(t -> taxonomy.resolve(t).map(Taxonomy.Topic::id)
                        .orElseThrow(() -> new InvalidSubscriptionException("topics", "unknown topic '" + t + "'")))
                .distinct().toList();
        if (!subscription.isDefault) {
            subscription.emails = emails;
        }
        subscription.webhookUrl = url;
        String newSecret = null;
        if (url == null) {
            subscription.webhookSecret = null;
        } else if (subscription.webhookSecret == null) {
            newSecret = WebhookSecrets.generate();
            subscription.webhookSecret = secrets.encrypt(subscription.id, newSecret);
        }
        subscription.minScore = request.minScore() == null ? 0 : request.minScore();
        subscription.topics = topics;
        subscription.mutedPartners = request.mutedPartners() == null ? List.of() : request.mutedPartners().stream().map(String::strip).toList();
        subscription.deliveryMode = request.deliveryModeOrDefault();
        subscription.updatedAt = Instant.now();
        return newSecret;
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
