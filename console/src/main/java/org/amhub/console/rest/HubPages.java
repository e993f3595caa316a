package org.amhub.console.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.amhub.console.client.MatchmakerApi;
import org.amhub.console.client.MatchmakerApi.Partnership;
import org.amhub.console.client.MatchmakerApi.Suggestion;
import org.amhub.console.client.NotificationsApi;
import org.amhub.console.client.NotificationsApi.Delivery;
import org.amhub.console.client.NotificationsApi.FeedItem;
import org.amhub.console.client.NotificationsApi.Subscription;
import org.amhub.console.client.RegistryApi;
import org.amhub.console.client.RegistryApi.Completeness;
import org.amhub.console.service.Fetched;
import org.amhub.console.service.ProfileForm;
import org.amhub.console.service.ProfileMerge;
import org.amhub.console.service.Stages;
import org.amhub.console.service.Viewer;
import org.amhub.events.hub.HubProfile;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A hub's work in one place: its profile (with completeness hints and an edit form that never loses a concurrent
 * edit), its suggestions with the evidence behind them and the buttons to answer them, its partnerships, its live feed,
 * subscriptions and delivery log. Every action is a form post (CSRF-protected) that calls a service with the
 * signed-in user's token and comes back here with a notice.
 */
@Path("/hubs/{slug}")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class HubPages {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("accept", "Accepted. The other hub's coordinator is asked too; a partnership opens when both accept."),
            Map.entry("decline", "Declined: this pair will not be suggested again."),
            Map.entry("never", "Done: this hub will never be suggested to you again."),
            Map.entry("saved", "Profile saved. Suggestions update within seconds."),
            Map.entry("merged", "Profile saved, merged with a change someone else made meanwhile (nothing was lost)."),
            Map.entry("read", "Marked as read."),
            Map.entry("subscribed", "Subscription added."),
            Map.entry("unsubscribed", "Subscription removed."),
            Map.entry("stage", "Partnership moved on; both hubs are notified."),
            Map.entry("note", "Note added; both hubs are notified."));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance hub(String slug, Fetched<HubProfile> profile, Fetched<Completeness> completeness,
                                           Fetched<List<Suggestion>> suggestions, Fetched<List<Partnership>> partnerships,
                                           Fetched<List<FeedItem>> feed, Fetched<List<Subscription>> subscriptions,
                                           Fetched<List<Delivery>> deliveries, boolean actsFor, String notice, String error,
                                           String newSecret);

        static native TemplateInstance edit(String slug, String name, long version, Map<String, String> fields,
                                            Map<String, String> labels, String base, Map<String, String> conflicts,
                                            List<String> theirs, String error);
    }

    private final RegistryApi registry;
    private final MatchmakerApi matchmaker;
    private final NotificationsApi notifications;
    private final Viewer viewer;
    private final ObjectMapper json;

    public HubPages(@RestClient RegistryApi registry, @RestClient MatchmakerApi matchmaker,
                    @RestClient NotificationsApi notifications, Viewer viewer, ObjectMapper json) {
        this.registry = registry;
        this.matchmaker = matchmaker;
        this.notifications = notifications;
        this.viewer = viewer;
        this.json = json;
    }

    @GET
    public TemplateInstance page(@PathParam("slug") String slug, @QueryParam("done") String done) {
        return render(slug, done, null);
    }

    private TemplateInstance render(String slug, String done, String newSecret) {
        requireSlug(slug);
        boolean actsFor = viewer.actsFor(slug);
        Fetched<HubProfile> profile = Fetched.of("hub registry", () -> registry.get(slug));
        Fetched<Completeness> completeness = Fetched.of("hub registry", () -> registry.completeness(slug));
        Fetched<List<Suggestion>> suggestions = Fetched.of("matchmaker", () -> matchmaker.matches(slug, 20, null));
        Fetched<List<Partnership>> partnerships = actsFor ? Fetched.of("matchmaker", () -> matchmaker.partnerships(slug)) : null;
        Fetched<List<FeedItem>> feed = actsFor ? Fetched.of("notifications service", () -> notifications.feed(slug, 30)) : null;
        Fetched<List<Subscription>> subscriptions = actsFor ? Fetched.of("notifications service", () -> notifications.subscriptions(slug)) : null;
        Fetched<List<Delivery>> deliveries = actsFor ? Fetched.of("notifications service", () -> notifications.deliveries(slug)) : null;
        return Templates.hub(slug, profile, completeness, suggestions, partnerships, feed, subscriptions, deliveries, actsFor,
                done == null ? null : NOTICES.get(done), null, newSecret);
    }

    // ---- profile ----

    @GET
    @Path("/edit")
    public TemplateInstance editForm(@PathParam("slug") String slug) throws IOException {
        requireActsFor(slug);
        Response raw = registry.getRaw(slug);
        ObjectNode profile = (ObjectNode) json.readTree(raw.readEntity(String.class));
        Map<String, String> fields = ProfileForm.fieldsOf(profile);
        return Templates.edit(slug, profile.path("name").asText(), profile.path("version").asLong(), fields, ProfileForm.LABELS,
                json.writeValueAsString(fields), Map.of(), List.of(), null);
    }

    @POST
    @Path("/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("slug") String slug, MultivaluedMap<String, String> form) throws IOException {
        requireActsFor(slug);
        Map<String, String> mine = new LinkedHashMap<>();
        ProfileForm.FIELDS.forEach(field -> mine.put(field, form.getFirst(field) == null ? "" : form.getFirst(field)));
        Map<String, String> base = json.readValue(required(form, "base"), json.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, String.class));
        long version = parseLong(required(form, "version"), "version");

        ObjectNode current = (ObjectNode) json.readTree(registry.getRaw(slug).readEntity(String.class));
        Map<String, String> fields = mine;
        boolean merged = false;
        if (current.path("version").asLong() != version) {
            // Someone saved meanwhile: merge rather than overwrite them or throw this edit away.
            ProfileMerge.Result result = ProfileMerge.merge(base, mine, ProfileForm.fieldsOf(current));
            if (!result.clean()) {
                return Response.status(Response.Status.CONFLICT).entity(Templates.edit(slug, current.path("name").asText(),
                        current.path("version").asLong(), result.fields(), ProfileForm.LABELS,
                        json.writeValueAsString(ProfileForm.fieldsOf(current)), result.conflicts(), result.theirs(), null)).build();
            }
            fields = result.fields();
            merged = true;
        }
        try (Response saved = registry.replace(slug, "\"" + current.path("version").asLong() + "\"", ProfileForm.apply(current, fields))) {
            return seeOther(slug, merged ? "merged" : "saved");
        } catch (WebApplicationException e) {
            String problem = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            if (e.getResponse().getStatus() == 412) {
                // Saved again between our read and our write: show the form once more with the newest version merged in.
                return editAfterRace(slug, mine, base);
            }
            return Response.status(e.getResponse().getStatus() == 400 ? 400 : 502).entity(Templates.edit(slug,
                    current.path("name").asText(), version, mine, ProfileForm.LABELS, json.writeValueAsString(base), Map.of(),
                    List.of(), problemDetail(problem))).build();
        }
    }

    private Response editAfterRace(String slug, Map<String, String> mine, Map<String, String> base) throws IOException {
        ObjectNode current = (ObjectNode) json.readTree(registry.getRaw(slug).readEntity(String.class));
        ProfileMerge.Result result = ProfileMerge.merge(base, mine, ProfileForm.fieldsOf(current));
        return Response.status(Response.Status.CONFLICT).entity(Templates.edit(slug, current.path("name").asText(),
                current.path("version").asLong(), result.fields(), ProfileForm.LABELS,
                json.writeValueAsString(ProfileForm.fieldsOf(current)), result.conflicts(), result.theirs(),
                "Someone saved this profile while you were saving; check the merged values and save again.")).build();
    }

    // ---- suggestions ----

    @POST
    @Path("/matches/{matchId}/feedback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response feedback(@PathParam("slug") String slug, @PathParam("matchId") String matchId,
                             MultivaluedMap<String, String> form) {
        requireActsFor(slug);
        String action = required(form, "action").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("ACCEPT", "DECLINE", "NEVER").contains(action)) {
            throw new BadRequestException("action must be accept, decline or never");
        }
        matchmaker.feedback(matchId, new MatchmakerApi.Feedback(slug, action));
        return seeOther(slug, action.toLowerCase(java.util.Locale.ROOT));
    }

    // ---- partnerships ----

    @POST
    @Path("/partnerships/{id}/stage")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response moveStage(@PathParam("slug") String slug, @PathParam("id") String id, MultivaluedMap<String, String> form) {
        requireActsFor(slug);
        String stage = required(form, "stage");
        if (!Stages.ORDER.contains(stage)) {
            throw new BadRequestException("stage must be one of " + Stages.ORDER);
        }
        matchmaker.moveStage(id, ifMatch(form), new MatchmakerApi.StageMove(stage, blankToNull(form.getFirst("note")),
                blankToNull(form.getFirst("nextStep")), date(form.getFirst("nextStepDue"))));
        return seeOther(slug, "stage");
    }

    @POST
    @Path("/partnerships/{id}/notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addNote(@PathParam("slug") String slug, @PathParam("id") String id, MultivaluedMap<String, String> form) {
        requireActsFor(slug);
        matchmaker.addNote(id, new MatchmakerApi.Note(required(form, "note"), blankToNull(form.getFirst("nextStep")),
                date(form.getFirst("nextStepDue"))));
        return seeOther(slug, "note");
    }

    // ---- feed and subscriptions ----

    @POST
    @Path("/notifications/{id}/read")
    public Response markRead(@PathParam("slug") String slug, @PathParam("id") long id) {
        requireActsFor(slug);
        notifications.markRead(slug, id);
        return seeOther(slug, "read");
    }

    @POST
    @Path("/subscriptions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subscribe(@PathParam("slug") String slug, MultivaluedMap<String, String> form) throws IOException {
        requireActsFor(slug);
        List<String> emails = Arrays.stream(form.getFirst("emails") == null ? new String[0] : form.getFirst("emails").split("[,\\s]+"))
                .filter(e -> !e.isBlank()).toList();
        List<String> topics = Arrays.stream(form.getFirst("topics") == null ? new String[0] : form.getFirst("topics").split("\\s*,\\s*"))
                .filter(t -> !t.isBlank()).toList();
        Double minScore = form.getFirst("minScore") == null || form.getFirst("minScore").isBlank() ? null
                : parseLong(form.getFirst("minScore"), "minScore") / 100.0;
        try (Response created = notifications.subscribe(slug, new NotificationsApi.NewSubscription(emails.isEmpty() ? null : emails,
                blankToNull(form.getFirst("webhookUrl")), minScore, topics.isEmpty() ? null : topics,
                blankToNull(form.getFirst("deliveryMode"))))) {
            String secret = created.hasEntity() ? json.readTree(created.readEntity(String.class)).path("webhookSecret").asText(null) : null;
            if (secret != null && secret.startsWith("whsec_")) {
                // A generated webhook secret is shown once, in this answer: never in a URL, a log or the console's memory.
                return Response.ok(render(slug, "subscribed", secret)).header("Cache-Control", "no-store").build();
            }
            return seeOther(slug, "subscribed");
        }
    }

    @POST
    @Path("/subscriptions/{id}/delete")
    public Response unsubscribe(@PathParam("slug") String slug, @PathParam("id") String id) {
        requireActsFor(slug);
        notifications.unsubscribe(slug, id);
        return seeOther(slug, "unsubscribed");
    }

    // ---- helpers ----

    private void requireActsFor(String slug) {
        requireSlug(slug);
        if (!viewer.actsFor(slug)) {
            throw new ForbiddenException("Only an admin or a coordinator of '" + slug + "' may do this");
        }
    }

    private static void requireSlug(String slug) {
        if (slug == null || slug.length() > 64 || !SLUG.matcher(slug).matches()) {
            throw new jakarta.ws.rs.NotFoundException("No hub '" + slug + "'");
        }
    }

    private static Response seeOther(String slug, String done) {
        return Response.seeOther(URI.create("/hubs/" + slug + "?done=" + done)).build();
    }

    private static String required(MultivaluedMap<String, String> form, String field) {
        String value = form.getFirst(field);
        if (value == null || value.isBlank()) {
            throw new BadRequestException(field + " is required");
        }
        return value.strip();
    }

    private static String ifMatch(MultivaluedMap<String, String> form) {
        String version = form.getFirst("version");
        return version == null || version.isBlank() ? null : "\"" + parseLong(version, "version") + "\"";
    }

    private static long parseLong(String value, String field) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(field + " must be a whole number");
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("nextStepDue must be a date (YYYY-MM-DD)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String problemDetail(String problem) {
        try {
            var node = json.readTree(problem);
            String detail = node.path("detail").asText(node.path("title").asText("The registry refused the change"));
            return node.has("field") ? detail + " (" + node.path("field").asText() + ")" : detail;
        } catch (IOException e) {
            return "The registry refused the change";
        }
    }
}
