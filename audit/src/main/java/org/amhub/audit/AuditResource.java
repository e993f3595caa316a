package org.amhub.audit;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.amhub.restsupport.QueryParams;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "Audit", description = "Who changed what, newest first (admin: all; a hub's coordinator: that hub)")
public class AuditResource {

    public record AuditView(long id, Instant occurredAt, String actor, String actorSubject, String action, String hub,
                            String resourceId, Object changes) {
        static AuditView of(AuditEntry e) {
            return new AuditView(e.id, e.occurredAt, e.actor, e.actorSubject, e.action, e.hub, e.resourceId, e.changes);
        }
    }

    public record AuditPage(List<AuditView> items, int page, int size, long total) {
    }

    private final SecurityIdentity identity;

    public AuditResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Transactional
    @Operation(operationId = "listAuditEntries", summary = "The audit trail, newest first",
            description = "hub (slug) filters; without it only an admin may read (every hub and service-wide operations).")
    public AuditPage list(@QueryParam("hub") String hub, @QueryParam("page") String page, @QueryParam("size") String size) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        boolean admin = identity.hasRole("admin");
        String slug = hub == null || hub.isBlank() ? null : hub.strip();
        if (!admin && (slug == null || !identity.hasRole("hub:" + slug))) {
            throw new ForbiddenException(slug == null ? "Only an admin may read the whole audit trail; a coordinator names their hub"
                    : "Only an admin or a coordinator of '" + slug + "' may read its audit trail");
        }
        int pageNumber = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, 50, 1, 500);
        var query = slug == null ? AuditEntry.<AuditEntry>find("ORDER BY id DESC")
                : AuditEntry.<AuditEntry>find("hub = ?1 ORDER BY id DESC", slug);
        List<AuditView> items = query.page(pageNumber, pageSize).list().stream().map(AuditView::of).toList();
        return new AuditPage(items, pageNumber, pageSize, query.count());
    }
}
