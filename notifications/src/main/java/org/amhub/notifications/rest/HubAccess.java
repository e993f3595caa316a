package org.amhub.notifications.rest;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.NotFoundException;
import org.amhub.notifications.repository.HubContact;

/**
 * Resolves a hub from the path (id or slug) and checks that the caller is an admin or that hub's coordinator: everything
 * this service holds about a hub (feed, stream, read state, subscriptions, deliveries) is private to them.
 */
@RequestScoped
public class HubAccess {

    private final SecurityIdentity identity;

    public HubAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    public HubContact hub(String idOrSlug) {
        return HubContact.find(idOrSlug).orElseThrow(() -> new NotFoundException("No hub '" + idOrSlug + "'"));
    }

    public HubContact coordinatedHub(String idOrSlug) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        HubContact hub = hub(idOrSlug);
        if (!identity.hasRole("admin") && !identity.hasRole("hub:" + hub.slug)) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + hub.slug + "' may do this");
        }
        return hub;
    }
}
