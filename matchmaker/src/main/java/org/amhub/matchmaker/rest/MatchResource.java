package org.amhub.matchmaker.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.events.match.MatchParty;
import org.amhub.matchmaker.repository.MatchFeedback;
import org.amhub.matchmaker.repository.MatchSuggestion;
import org.amhub.matchmaker.scoring.HubFeatures;
import org.amhub.matchmaker.scoring.ScoringModel;
import org.amhub.matchmaker.service.MatchService;
import org.amhub.readcache.Answer;
import org.amhub.readcache.ReadCache;
import org.amhub.restsupport.QueryParams;
import org.amhub.restsupport.ConditionalGet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Matches", description = "Partnership suggestions with their reasons")
public class MatchResource {

    private final MatchService matches;
    private final SecurityIdentity identity;
    private final ReadCache cache;
    private final ObjectMapper mapper;

    public MatchResource(MatchService matches, SecurityIdentity identity, ReadCache cache, ObjectMapper mapper) {
        this.matches = matches;
        this.identity = identity;
        this.cache = cache;
        this.mapper = mapper;
    }

    @GET
    @Path("/matches")
    @ConditionalGet
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = MatchView.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    @Operation(operationId = "listMatches", summary = "Suggestions, best first", description = "With hub (id or slug): that hub's suggestions in its own order, accepted ones included. Without: the whole network's.")
    public Response list(@QueryParam("hub") String hub, @QueryParam("limit") String limit,
                         @QueryParam("minScore") String minScore, @Context HttpHeaders headers) {
        int max = QueryParams.integer("limit", limit, 100, 1, 500);
        double floor = QueryParams.decimal("minScore", minScore, 0, 0, 1);
        String hubOrAll = hub == null || hub.isBlank() ? null : hub;
        return cached(ReadCache.key("matches", hubOrAll, max, floor), () -> {
            List<MatchView> views = list(hubOrAll, max, floor);
            List<MatchParty> shown = new ArrayList<>(parties(views));
            if (hubOrAll != null) { // the hub asked for, as the view resolved it: gone from the view means 404 now
                matches.hub(hubOrAll).ifPresent(h -> shown.add(matches.party(h.id(), 0)));
            }
            return new Shown(views, shown);
        }).respond(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
    }

    private List<MatchView> list(String hub, int max, double floor) {
        if (hub == null) {
            return views(MatchSuggestion.best(floor, max));
        }
        UUID id = matches.hub(hub).map(HubFeatures::id).orElseThrow(() -> new NotFoundException("No hub '" + hub + "'"));
        // The hub's own order; accepted partners it no longer lists come after them, best first.
        return views(MatchSuggestion.visibleTo(id).stream()
                .filter(s -> s.score >= floor)
                .sorted(Comparator.comparingInt((MatchSuggestion s) -> s.rankFor(id) == 0 ? Integer.MAX_VALUE : s.rankFor(id))
                        .thenComparing(s -> -s.score))
                .limit(max)
                .toList());
    }

    @GET
    @Path("/matches/{matchId}")
    @ConditionalGet
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MatchView.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    @Operation(operationId = "getMatch", summary = "One suggestion with its explanation (withdrawn ones too)")
    public Response get(@PathParam("matchId") String matchId, @Context HttpHeaders headers) {
        return cached(ReadCache.key("match", matchId), () -> {
            MatchView view = view(find(matchId));
            return new Shown(view, parties(List.of(view)));
        }).respond(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
    }

    /**
     * The answer from the read cache, or loaded and serialised once. Besides the tables (whose triggers notify every
     * instance), the answers show hub slugs and names from the in-memory view, which on another instance follows those
     * tables a moment after the notification (its catch-up, ADR 8): a cached answer is served only while every hub it
     * shows is still shown the same by the view.
     */
    private Answer cached(String key, Supplier<Shown> load) {
        return cache.get(key, () -> {
            Shown shown = load.get();
            return Answer.json(mapper, shown.entity(), null, Set.of()).withBasis(shown.parties());
        }, answer -> ((List<?>) answer.basis()).stream().allMatch(p -> current((MatchParty) p)));
    }

    private boolean current(MatchParty shown) {
        return matches.party(shown.hubId(), shown.rank()).equals(shown);
    }

    private static List<MatchParty> parties(List<MatchView> views) {
        List<MatchParty> parties = new ArrayList<>(views.size() * 2);
        views.forEach(v -> {
            parties.add(v.hubA());
            parties.add(v.hubB());
        });
        return parties;
    }

    /** An answer and the hubs it shows as the in-memory view named them. */
    private record Shown(Object entity, List<MatchParty> parties) {
    }

    @POST
    @Path("/matches/{matchId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @APIResponse(responseCode = "200", description = "The suggestion after the feedback", content = @Content(schema = @Schema(implementation = MatchView.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @Operation(operationId = "giveFeedback", summary = "Accept, decline, or never again (a coordinator of one of the two hubs, or admin)")
    public MatchView feedback(@PathParam("matchId") String matchId, @Valid @NotNull FeedbackRequest request) {
        MatchSuggestion match = find(matchId);
        HubFeatures hub = matches.hub(request.hub()).orElseThrow(() -> new BadRequestException("hub: no hub '" + request.hub() + "'"));
        if (!match.involves(hub.id())) {
            throw new BadRequestException("hub: " + hub.slug() + " is not a party of this match");
        }
        if (!identity.hasRole("admin") && !identity.hasRole("hub:" + hub.slug())) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + hub.slug() + "' may give its feedback");
        }
        return view(matches.feedback(match, hub.id(), request.action(), identity.getPrincipal().getName()));
    }

    @GET
    @Path("/consortia")
    @ConditionalGet
    @Operation(operationId = "listConsortia", summary = "Groups of three or more hubs with a shared goal", description = "Optionally only those that include hub (id or slug).")
    public List<ConsortiumView> consortia(@QueryParam("hub") String hub) {
        UUID filter = hub == null || hub.isBlank() ? null
                : matches.hub(hub).map(HubFeatures::id).orElseThrow(() -> new NotFoundException("No hub '" + hub + "'"));
        return matches.consortia().stream()
                .filter(c -> filter == null || c.members().contains(filter))
                .map(c -> new ConsortiumView(c.id(), c.kind(), c.goal(),
                        c.members().stream().map(m -> matches.party(m, 0)).toList(), c.topics(), c.score(), c.cohesion(), c.reasons()))
                .toList();
    }

    @GET
    @Path("/model")
    @Operation(operationId = "getScoringModel", summary = "The scoring model's configuration: weights, thresholds, funding blocs")
    public ScoringModel model() {
        return matches.config().toModel();
    }

    @GET
    @Path("/admin/consistency")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(operationId = "checkConsistency", summary = "Compares the live view with a from-scratch recompute of the stored profiles (admin)")
    public MatchService.Consistency consistency() {
        return matches.checkConsistency();
    }

    private MatchSuggestion find(String matchId) {
        MatchSuggestion match = MatchSuggestion.findById(matchId);
        if (match == null) {
            throw new NotFoundException("No match " + matchId);
        }
        return match;
    }

    private MatchView view(MatchSuggestion s) {
        return view(s, answers(List.of(s.matchId)));
    }

    /** Views of many suggestions with one query for their answers. */
    private List<MatchView> views(List<MatchSuggestion> suggestions) {
        Map<String, MatchFeedback.Action> answers = answers(suggestions.stream().map(s -> s.matchId).toList());
        return suggestions.stream().map(s -> view(s, answers)).toList();
    }

    private MatchView view(MatchSuggestion s, Map<String, MatchFeedback.Action> answers) {
        return new MatchView(s.matchId, matches.party(s.hubA, s.rankA), matches.party(s.hubB, s.rankB), s.score,
                s.status.name(), s.factors, s.topics, s.reasons, s.explanations, s.suggestionVersion, s.updatedAt,
                name(answers.get(s.matchId + "/" + s.hubA)), name(answers.get(s.matchId + "/" + s.hubB)));
    }

    /** Each hub's latest answer per match, keyed "matchId/hubId". */
    private static Map<String, MatchFeedback.Action> answers(List<String> matchIds) {
        Map<String, MatchFeedback.Action> answers = new HashMap<>();
        if (!matchIds.isEmpty()) {
            MatchFeedback.<MatchFeedback>list("matchId in ?1 ORDER BY createdAt, id", matchIds)
                    .forEach(f -> answers.put(f.matchId + "/" + f.hubId, f.action));
        }
        return answers;
    }

    private static String name(MatchFeedback.Action action) {
        return action == null ? null : action.name();
    }
}
