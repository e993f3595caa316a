package org.amhub.matchmaker.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.events.partnership.PartnershipParty;
import org.amhub.matchmaker.service.PartnershipService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/api/partnerships")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partnerships", description = "Pairs both hubs accepted, followed through their stages")
public class PartnershipResource {

    private final PartnershipService partnerships;
    private final SecurityIdentity identity;

    public PartnershipResource(PartnershipService partnerships, SecurityIdentity identity) {
        this.partnerships = partnerships;
        this.identity = identity;
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "listPartnerships", summary = "Partnerships, newest first", description = "hub (id or slug) filters; an admin may leave it out, a coordinator must give their own hub.")
    public List<PartnershipView> list(@QueryParam("hub") String hub) {
        if (hub == null || hub.isBlank()) {
            if (!identity.hasRole("admin")) {
                throw new ForbiddenException("A coordinator lists the partnerships of their own hub: give ?hub=<slug>");
            }
            return partnerships.list(null).stream().map(PartnershipView::of).toList();
        }
        PartnershipParty party = partnerships.hub(hub).orElse(null);
        if (!identity.hasRole("admin") && (party == null || !identity.hasRole("hub:" + party.slug()))) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + hub + "' may list its partnerships");
        }
        if (party == null) {
            throw new NotFoundException("No hub '" + hub + "'");
        }
        return partnerships.list(party.hubId()).stream().map(PartnershipView::of).toList();
    }

    @GET
    @Path("/stats")
    @Operation(operationId = "partnershipStats", summary = "Network aggregates (public): suggestions, acceptances, declines, partnerships by stage, funnel, by month")
    public PartnershipStatsView stats() {
        return PartnershipStatsView.of(partnerships.stats());
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "getPartnership", summary = "One partnership with its history (admin or a coordinator of either hub); ETag = version")
    public Response get(@PathParam("id") String id) {
        return withETag(readable(id));
    }

    @POST
    @Path("/{id}/stage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "movePartnershipStage", summary = "Move the stage: forward only (skipping allowed), or ABANDONED; 409 otherwise, 412 on a stale If-Match")
    public Response moveStage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                              @Valid @NotNull PartnershipRequests.StageRequest request) {
        PartnershipView current = readable(id);
        return withETag(PartnershipView.of(partnerships.moveStage(current.id(), version(ifMatch),
                new PartnershipService.Change(request.stage(), blankToNull(request.note()), request.nextStep(), request.nextStepDue()),
                actor())));
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "addPartnershipNote", summary = "Add a note, optionally with the next step (admin or a coordinator of either hub); 412 on a stale If-Match")
    public Response addNote(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                            @Valid @NotNull PartnershipRequests.NoteRequest request) {
        PartnershipView current = readable(id);
        return withETag(PartnershipView.of(partnerships.addNote(current.id(), version(ifMatch),
                new PartnershipService.Change(null, request.note().strip(), request.nextStep(), request.nextStepDue()), actor())));
    }

    /** The partnership, if the caller may see and change it: an admin, or a coordinator of one of its hubs. */
    private PartnershipView readable(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No partnership " + id);
        }
        PartnershipView view = partnerships.find(uuid).map(PartnershipView::of)
                .orElseThrow(() -> new NotFoundException("No partnership " + id));
        if (!identity.hasRole("admin") && !coordinates(view.hubA()) && !coordinates(view.hubB())) {
            throw new ForbiddenException("Only an admin or a coordinator of one of the two hubs may see this partnership");
        }
        return view;
    }

    private boolean coordinates(PartnershipView.Party party) {
        return party.slug() != null && identity.hasRole("hub:" + party.slug());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    /** {@code "3"}, {@code W/"3"} or {@code 3}; absent = no check. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new jakarta.ws.rs.BadRequestException("If-Match: must be the partnership's version as its ETag gives it, e.g. \"3\"");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response withETag(PartnershipView view) {
        return Response.ok(view).tag(new EntityTag(Long.toString(view.version()))).build();
    }
}
