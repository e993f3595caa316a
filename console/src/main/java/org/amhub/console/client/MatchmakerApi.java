package org.amhub.console.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.amhub.events.match.FactorScore;
import org.amhub.events.match.MatchParty;
import org.amhub.events.match.Reason;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The matchmaker's API: suggestions, feedback, consortia and partnerships, with the signed-in user's token. */
@RegisterRestClient(configKey = "matchmaker")
@RegisterProvider(PropagateAccessToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface MatchmakerApi extends DeadLetterApi {

    @GET
    @Path("/matches")
    List<Suggestion> matches(@QueryParam("hub") String hub, @QueryParam("limit") int limit, @QueryParam("minScore") Double minScore);

    @POST
    @Path("/matches/{matchId}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    Suggestion feedback(@PathParam("matchId") String matchId, Feedback feedback);

    @GET
    @Path("/consortia")
    List<Consortium> consortia(@QueryParam("hub") String hub);

    @GET
    @Path("/partnerships")
    List<Partnership> partnerships(@QueryParam("hub") String hub);

    @GET
    @Path("/partnerships/stats")
    PartnershipStats partnershipStats();

    @POST
    @Path("/partnerships/{id}/stage")
    @Consumes(MediaType.APPLICATION_JSON)
    Partnership moveStage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, StageMove move);

    @POST
    @Path("/partnerships/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    Partnership addNote(@PathParam("id") String id, Note note);

    /** A suggestion; {@code feedbackA}/{@code feedbackB} are what each hub said (ACCEPT, DECLINE, NEVER), or null. */
    record Suggestion(String matchId, MatchParty hubA, MatchParty hubB, double score, String status,
                      List<FactorScore> factors, List<String> topics, List<String> reasons, List<Reason> explanations,
                      long version, Instant updatedAt, String feedbackA, String feedbackB) {

        public MatchParty partnerOf(String slug) {
            return hubA.slug().equals(slug) ? hubB : hubA;
        }

        public MatchParty self(String slug) {
            return hubA.slug().equals(slug) ? hubA : hubB;
        }

        public String feedbackOf(String slug) {
            return hubA.slug().equals(slug) ? feedbackA : feedbackB;
        }

        public String partnerFeedback(String slug) {
            return hubA.slug().equals(slug) ? feedbackB : feedbackA;
        }

        public int percent() {
            return (int) Math.round(score * 100);
        }
    }

    record Feedback(String hub, String action) {
    }

    record Consortium(String id, String kind, String goal, List<MatchParty> members, List<String> topics,
                      double score, double cohesion, List<String> reasons) {
        public int percent() {
            return (int) Math.round(score * 100);
        }
    }

    record Party(String id, String slug, String name) {
    }

    record Partnership(String id, String matchId, Party hubA, Party hubB, String stage, String nextStep,
                       LocalDate nextStepDue, Instant openedAt, Instant stageChangedAt, long version,
                       List<HistoryEntry> history) {

        public Party partnerOf(String slug) {
            return hubA.slug().equals(slug) ? hubB : hubA;
        }

        public boolean open() {
            return !stage.equals("CLOSED") && !stage.equals("ABANDONED");
        }
    }

    record HistoryEntry(Instant at, String actor, String fromStage, String toStage, String note) {
    }

    record StageMove(String stage, String note, String nextStep, LocalDate nextStepDue) {
    }

    record Note(String note, String nextStep, LocalDate nextStepDue) {
    }

    record PartnershipStats(long suggestions, long accepted, long declined, Map<String, Long> partnershipsByStage,
                            Map<String, Long> funnel, List<Month> byMonth) {
        public record Month(String month, long opened, long agreements) {
        }
    }
}
