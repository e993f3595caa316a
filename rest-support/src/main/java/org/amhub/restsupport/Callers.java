package org.amhub.restsupport;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling, asked without failing: for public reads that show more to the people a hub belongs to. */
public final class Callers {

    private Callers() {
    }

    /**
     * Whether the caller is an admin or the coordinator of hub {@code slug}. A public read does not refuse a bad token:
     * a missing, forged or expired one simply makes the caller anonymous here.
     */
    public static boolean isAdminOrCoordinator(SecurityIdentity identity, String slug) {
        try {
            return !identity.isAnonymous() && (identity.hasRole("admin") || identity.hasRole("hub:" + slug));
        } catch (RuntimeException unauthenticated) {
            return false;
        }
    }

    /** Whether the caller is an admin (false for anonymous callers and bad tokens, as above). */
    public static boolean isAdmin(SecurityIdentity identity) {
        try {
            return !identity.isAnonymous() && identity.hasRole("admin");
        } catch (RuntimeException unauthenticated) {
            return false;
        }
    }
}
