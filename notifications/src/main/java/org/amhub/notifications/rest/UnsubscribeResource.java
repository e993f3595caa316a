package org.amhub.notifications.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.amhub.notifications.email.UnsubscribeTokens;
import org.amhub.notifications.repository.HubContact;
import org.amhub.notifications.repository.Subscription;
import org.amhub.notifications.repository.Unsubscribe;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One-click unsubscribe (RFC 8058), public: the signed token in the link is the authorisation. Mail clients POST
 * {@code List-Unsubscribe=One-Click}; a person following the link gets a page whose button POSTs. A GET never
 * changes anything, so link scanners cannot unsubscribe anyone.
 */
@Path("/api/unsubscribe")
@Tag(name = "Unsubscribe", description = "One-click unsubscribe from the links in emails")
public class UnsubscribeResource {

    private final UnsubscribeTokens tokens;
    private final Template page;

    public UnsubscribeResource(UnsubscribeTokens tokens, @Location("unsubscribe.html") Template page) {
        this.tokens = tokens;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(operationId = "unsubscribePage", summary = "A confirmation page with a button that unsubscribes (changes nothing by itself)")
    public String confirm(@QueryParam("token") String token) {
        Subscription subscription = subscription(token);
        return render(subscription, !subscription.active(), token);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe: the subscription sends nothing more (idempotent)")
    public String unsubscribe(@QueryParam("token") String token, @HeaderParam("User-Agent") String userAgent) {
        Subscription subscription = subscription(token);
        if (subscription.active()) {
            Instant now = Instant.now();
            subscription.unsubscribedAt = now;
            subscription.updatedAt = now;
            Unsubscribe record = new Unsubscribe();
            record.subscriptionId = subscription.id;
            record.hubId = subscription.hubId;
            record.at = now;
            record.userAgent = userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length()));
            record.persist();
        }
        return render(subscription, true, token);
    }

    private Subscription subscription(String token) {
        UUID id = tokens.verify(token).orElseThrow(() -> new BadRequestException("token: invalid or forged unsubscribe token"));
        Subscription subscription = Subscription.findById(id);
        if (subscription == null) {
            throw new NotFoundException("This subscription no longer exists: nothing more is sent on it");
        }
        return subscription;
    }

    private String render(Subscription subscription, boolean done, String token) {
        String hubName = HubContact.<HubContact>findByIdOptional(subscription.hubId).map(h -> h.name).orElse("Your hub");
        List<String> recipients = new ArrayList<>(subscription.emails);
        if (subscription.webhookUrl != null) {
            recipients.add("webhook");
        }
        return page.data("done", done).data("hubName", hubName).data("recipients", String.join(", ", recipients))
                .data("action", "/api/unsubscribe?token=" + token).render();
    }
}
