package org.amhub.console.service;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** The signed-in person as the console sees them: a name, whether they are an admin, and the hubs they coordinate. */
@RequestScoped
@Named("viewer")
public class Viewer {

    public static final String HUB_ROLE_PREFIX = "hub:";

    private final SecurityIdentity identity;

    public Viewer(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String name() {
        if (identity.isAnonymous()) {
            return "";
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            String preferred = token.getClaim("preferred_username");
            if (preferred != null) {
                return preferred;
            }
        }
        return identity.getPrincipal().getName();
    }

    public boolean admin() {
        return identity.hasRole("admin");
    }

    /** The slugs of the hubs whose coordinator this person is, sorted. */
    public List<String> hubs() {
        return identity.getRoles().stream()
                .filter(role -> role.startsWith(HUB_ROLE_PREFIX))
                .map(role -> role.substring(HUB_ROLE_PREFIX.length()))
                .sorted()
                .toList();
    }

    /** Whether this person may act for the hub: edit it, answer its suggestions, read its feed. */
    public boolean actsFor(String slug) {
        return admin() || identity.hasRole(HUB_ROLE_PREFIX + slug);
    }
}
