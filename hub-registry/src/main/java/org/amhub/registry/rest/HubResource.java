package org.amhub.registry.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.amhub.events.hub.HubProfile;
import org.amhub.registry.config.RegistryConfig;
import org.amhub.registry.service.HubNotFoundException;
import org.amhub.registry.service.HubProfileCommand;
import org.amhub.registry.service.HubService;
import org.amhub.registry.service.ProfileCompleteness;
import org.amhub.registry.service.HubService.HubPage;
import org.amhub.registry.service.HubService.HubQuery;
import org.amhub.restsupport.Callers;
import org.amhub.restsupport.ConditionalGet;
import org.amhub.restsupport.QueryParams;
import org.amhub.readcache.Answer;
import org.amhub.readcache.ReadCache;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Path("/api/hubs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Hubs", description = "Hub profiles: what each hub works on, offers and seeks")
public class HubResource {

    private final HubService hubs;
    private final RegistryConfig config;
    private final SecurityIdentity identity;
    private final ReadCache cache;
    private final ObjectMapper mapper;

    public HubResource(HubService hubs, RegistryConfig config, SecurityIdentity identity, ReadCache cache, ObjectMapper mapper) {
        this.hubs = hubs;
        this.config = config;
        this.identity = identity;
        this.cache = cache;
        this.mapper = mapper;
    }

    @GET
    @ConditionalGet(perCaller = true) // contact emails only for admin and the hub's coordinator
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HubPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    @Operation(operationId = "searchHubs", summary = "Search hubs", description = "All filters are optional and combine with AND; results are ordered by name.")
    public Response search(
            @Parameter(description = "Taxonomy topic id, label or synonym, matched in priorities, capabilities and needs") @QueryParam("topic") String topic,
            @Parameter(description = "Part of a top industry, case-insensitive") @QueryParam("industry") String industry,
            @Parameter(description = "Region or country, case-insensitive") @QueryParam("region") String region,
            @Parameter(description = "Free text anywhere in the profile") @QueryParam("q") String text,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") String page,
            @Parameter(description = "Page size") @QueryParam("size") @DefaultValue("20") String size,
            @Context HttpHeaders headers) {
        int pageNumber = QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE / 1000);
        int pageSize = QueryParams.integer("size", size, 20, 1, config.maxPageSize());
        HubQuery query = new HubQuery(blankToNull(topic), blankToNull(industry), blankToNull(region), blankToNull(text), pageNumber, pageSize);
        if (!mayGetThePublicVariant()) {
            return Response.ok(forCaller(hubs.search(query))).build(); // never cached; ConditionalGetFilter tags it
        }
        Answer answer = cache.get(ReadCache.key("hubs", query.topic(), query.industry(), query.region(), query.text(),
                query.page(), query.size()), () -> {
            HubPage found = hubs.search(query);
            HubPage shown = new HubPage(found.items().stream().map(HubResource::withoutContact).toList(), found.page(), found.size(), found.total());
            return Answer.json(mapper, shown, null, hidden(found.items()));
        });
        if (privilegedFor(answer.subjects())) {
            return Response.ok(forCaller(hubs.search(query))).build();
        }
        return answer.respond(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
    }

    @GET
    @Path("/{id}")
    @ConditionalGet(perCaller = true)
    @APIResponse(responseCode = "200", description = "The profile; the ETag header holds its version", content = @Content(schema = @Schema(implementation = HubProfile.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    @Operation(operationId = "getHub", summary = "One hub, by id or slug", description = "The ETag is the profile version; send it back in If-Match to update.")
    public Response get(@PathParam("id") String idOrSlug, @Context Request request, @Context HttpHeaders headers) {
        if (mayGetThePublicVariant()) {
            Answer answer = cache.get(ReadCache.key("hub", idOrSlug), () -> {
                HubProfile hub = find(idOrSlug);
                return Answer.json(mapper, withoutContact(hub), ETags.header(hub.version()), hidden(List.of(hub)));
            });
            if (!privilegedFor(answer.subjects())) {
                return answer.respond(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
            }
        }
        HubProfile hub = find(idOrSlug); // the privileged variant: never cached
        EntityTag tag = ETags.of(hub.version());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        return (notModified != null ? notModified : Response.ok(forCaller(hub))).tag(tag).build();
    }

    @GET
    @Path("/{id}/completeness")
    @Operation(operationId = "getHubCompleteness", summary = "How complete a hub's profile is for matching",
            description = "A score in [0, 1] and the missing parts that would improve its matches most, strongest first.")
    public ProfileCompleteness.Report completeness(@PathParam("id") String idOrSlug) {
        return ProfileCompleteness.of(find(idOrSlug));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "201", description = "Registered; Location and ETag name the new profile", content = @Content(schema = @Schema(implementation = HubProfile.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "createHub", summary = "Register a hub (admin)")
    public Response create(@Valid @NotNull HubProfileCommand request, @Context UriInfo uri) {
        HubProfile hub = hubs.create(request);
        URI location = uri.getAbsolutePathBuilder().path(hub.id().toString()).build();
        return Response.created(location).tag(ETags.of(hub.version())).entity(hub).build();
    }

    @PUT
    @Path("/{id}")
    @Parameter(name = "id", description = "The hub's id or slug")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "The new profile; the ETag header holds its version", content = @Content(schema = @Schema(implementation = HubProfile.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    @Operation(operationId = "updateHub", summary = "Replace a hub profile (admin or that hub's coordinator)", description = "Requires If-Match with the ETag read last.")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                           @Valid @NotNull HubProfileCommand request) {
        HubProfile current = find(id); // by id or slug, as GET
        requireCanEdit(current.slug());
        HubProfile hub = hubs.update(current.id(), ETags.expectedVersion(ifMatch), request);
        return Response.ok(hub).tag(ETags.of(hub.version())).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "204", description = "Removed; a tombstone is published")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    @Operation(operationId = "deleteHub", summary = "Remove a hub (admin)", description = "Requires If-Match; publishes a tombstone so consumers forget the hub.")
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        hubs.delete(find(id).id(), ETags.expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    /**
     * Profiles are public, their personal data is not: the contact email (a person's address) is shown only to an
     * admin and to that hub's coordinator; everyone else gets the profile with {@code contactEmail} null.
     */
    private HubProfile forCaller(HubProfile hub) {
        if (hub.contactEmail() == null || Callers.isAdminOrCoordinator(identity, hub.slug())) {
            return hub;
        }
        return withoutContact(hub);
    }

    private HubPage forCaller(HubPage found) {
        return new HubPage(found.items().stream().map(this::forCaller).toList(), found.page(), found.size(), found.total());
    }

    private static HubProfile withoutContact(HubProfile hub) {
        if (hub.contactEmail() == null) {
            return hub;
        }
        return new HubProfile(hub.id(), hub.slug(), hub.name(), hub.country(), hub.region(), hub.hostEntities(), null,
                hub.population(), hub.topIndustries(), hub.workforceInManufacturingPct(), hub.manufacturingShareOfGdpPct(),
                hub.status(), hub.priorities(), hub.capabilities(), hub.needs(), hub.programmes(), hub.version(),
                hub.createdAt(), hub.updatedAt());
    }

    /**
     * The read cache holds only the public variant (no contact email). An admin sees every email, so never gets it;
     * anyone else gets it unless it hides the email of a hub they coordinate ({@link #privilegedFor}).
     */
    private boolean mayGetThePublicVariant() {
        return !Callers.isAdmin(identity);
    }

    /** Whether the caller would see one of these hubs' contact emails (admin, or coordinator of one of them). */
    private boolean privilegedFor(Set<String> slugs) {
        for (String slug : slugs) {
            if (Callers.isAdminOrCoordinator(identity, slug)) {
                return true;
            }
        }
        return false;
    }

    /** The hubs whose contact email the public variant hides: only their coordinators see another answer. */
    private static Set<String> hidden(List<HubProfile> shown) {
        return shown.stream().filter(h -> h.contactEmail() != null).map(HubProfile::slug).collect(Collectors.toSet());
    }

    private void requireCanEdit(String slug) {
        if (!identity.hasRole("admin") && !identity.hasRole("hub:" + slug)) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + slug + "' may change this hub");
        }
    }

    private HubProfile find(String idOrSlug) {
        try {
            UUID id = UUID.fromString(idOrSlug);
            return hubs.find(id).orElseThrow(() -> new HubNotFoundException(id));
        } catch (IllegalArgumentException notAnId) {
            return hubs.findBySlug(idOrSlug).orElseThrow(() -> new HubNotFoundException(idOrSlug));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
