package org.amhub.console.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.console.client.MatchmakerApi;
import org.amhub.console.client.MatchmakerApi.Consortium;
import org.amhub.console.client.MatchmakerApi.Partnership;
import org.amhub.console.client.MatchmakerApi.PartnershipStats;
import org.amhub.console.client.MatchmakerApi.Suggestion;
import org.amhub.console.client.RegistryApi;
import org.amhub.console.service.Fetched;
import org.amhub.console.service.NetworkGraph;
import org.amhub.console.service.Viewer;
import org.amhub.events.hub.HubProfile;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The network at a glance (graph, filters, outcomes) and the consortia; the landing redirect after login. */
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class NetworkPages {

    /** Hubs read per registry page when drawing the whole network. */
    private static final int PAGE = 100;

    /** The filters of the network view, echoed back into its form. */
    public record Filters(String topic, String industry, String region, int minScore) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance network(Filters filters, Fetched<NetworkGraph.Graph> graph,
                                               Fetched<PartnershipStats> stats, int hubCount);

        static native TemplateInstance consortia(Fetched<List<Consortium>> consortia);
    }

    private final RegistryApi registry;
    private final MatchmakerApi matchmaker;
    private final Viewer viewer;

    public NetworkPages(@RestClient RegistryApi registry, @RestClient MatchmakerApi matchmaker, Viewer viewer) {
        this.registry = registry;
        this.matchmaker = matchmaker;
        this.viewer = viewer;
    }

    /** A coordinator lands on their hub, an admin (or someone with several hubs or none) on the network. */
    @GET
    public Response home() {
        List<String> hubs = viewer.hubs();
        String target = !viewer.admin() && hubs.size() == 1 ? "/hubs/" + hubs.get(0) : "/network";
        return Response.seeOther(URI.create(target)).build();
    }

    @GET
    @Path("network")
    public TemplateInstance network(@QueryParam("topic") String topic, @QueryParam("industry") String industry,
                                    @QueryParam("region") String region, @QueryParam("minScore") String minScore) {
        Filters filters = new Filters(clean(topic), clean(industry), clean(region), percent(minScore));
        Fetched<List<HubProfile>> hubs = Fetched.of("hub registry", () -> allHubs(filters));
        Fetched<List<Suggestion>> suggestions = Fetched.of("matchmaker", () -> matchmaker.matches(null, 500, filters.minScore() / 100.0));
        // Partnerships are private to their hubs: an admin sees all of them, a coordinator those of their own hubs.
        Fetched<List<Partnership>> partnerships = Fetched.of("matchmaker", this::visiblePartnerships);
        Fetched<NetworkGraph.Graph> graph = !hubs.ok() ? new Fetched<>(null, hubs.error())
                : !suggestions.ok() ? new Fetched<>(null, suggestions.error())
                : new Fetched<>(NetworkGraph.draw(hubs.value(), suggestions.value(),
                        partnerships.ok() ? partnerships.value() : List.of()), null);
        return Templates.network(filters, graph, Fetched.of("matchmaker", matchmaker::partnershipStats),
                hubs.ok() ? hubs.value().size() : 0);
    }

    @GET
    @Path("consortia")
    public TemplateInstance consortia() {
        return Templates.consortia(Fetched.of("matchmaker", () -> matchmaker.consortia(null)));
    }

    private List<Partnership> visiblePartnerships() {
        if (viewer.admin()) {
            return matchmaker.partnerships(null);
        }
        List<Partnership> mine = new ArrayList<>();
        for (String hub : viewer.hubs()) {
            matchmaker.partnerships(hub).stream().filter(p -> mine.stream().noneMatch(m -> m.id().equals(p.id()))).forEach(mine::add);
        }
        return mine;
    }

    private List<HubProfile> allHubs(Filters filters) {
        List<HubProfile> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            RegistryApi.HubPage result = registry.search(filters.topic(), filters.industry(), filters.region(), page, PAGE);
            all.addAll(result.items());
            if (result.items().size() < PAGE || all.size() >= result.total()) {
                return all;
            }
        }
    }

    private static String clean(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int percent(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int percent = Integer.parseInt(value.strip());
            if (percent < 0 || percent > 100) {
                throw new NumberFormatException();
            }
            return percent;
        } catch (NumberFormatException e) {
            throw new BadRequestException("minScore must be a whole percentage from 0 to 100");
        }
    }
}
