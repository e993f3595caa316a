package org.amhub.console.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.console.client.DeadLetterApi;
import org.amhub.console.client.DeadLetterApi.DeadLetter;
import org.amhub.console.client.MatchmakerApi;
import org.amhub.console.client.NotificationsApi;
import org.amhub.console.service.Fetched;
import org.amhub.console.service.OperationsProbe;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** For the network's admins: each service's health, outbox and delivery backlog, and dead letters with replay. */
@Path("/ops")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class OperationsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ops(List<OperationsProbe.ServiceStatus> services,
                                           Map<String, Fetched<List<DeadLetter>>> deadLetters, String notice);
    }

    private final OperationsProbe probe;
    private final Map<String, DeadLetterApi> consumers;

    public OperationsPage(OperationsProbe probe, @RestClient MatchmakerApi matchmaker, @RestClient NotificationsApi notifications) {
        this.probe = probe;
        this.consumers = Map.of("matchmaker", matchmaker, "notifications", notifications);
    }

    @GET
    public TemplateInstance page(@QueryParam("replayed") String replayed) {
        Map<String, Fetched<List<DeadLetter>>> letters = new java.util.TreeMap<>();
        consumers.forEach((name, api) -> letters.put(name, Fetched.of(name, api::deadLetters)));
        return Templates.ops(probe.statuses(), letters, replayed == null ? null : "Dead letter replayed.");
    }

    @POST
    @Path("/dead-letters/{service}/{id}/replay")
    public Response replay(@PathParam("service") String service, @PathParam("id") String id) {
        DeadLetterApi api = consumers.get(service);
        if (api == null) {
            throw new NotFoundException("No consuming service '" + service + "'");
        }
        api.replay(id);
        return Response.seeOther(URI.create("/ops?replayed=1")).build();
    }
}
