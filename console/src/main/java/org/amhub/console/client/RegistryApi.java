package org.amhub.console.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.amhub.events.hub.HubProfile;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The hub-registry's API, called with the signed-in user's access token. */
@RegisterRestClient(configKey = "hub-registry")
@RegisterProvider(PropagateAccessToken.class)
@Path("/api/hubs")
@Produces(MediaType.APPLICATION_JSON)
public interface RegistryApi {

    @GET
    HubPage search(@QueryParam("topic") String topic, @QueryParam("industry") String industry,
                   @QueryParam("region") String region, @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/{id}")
    HubProfile get(@PathParam("id") String idOrSlug);

    /** The profile as the registry serves it, kept as JSON so that an edit sends back the fields the console does not show. */
    @GET
    @Path("/{id}")
    Response getRaw(@PathParam("id") String idOrSlug);

    @GET
    @Path("/{id}/completeness")
    Completeness completeness(@PathParam("id") String idOrSlug);

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response replace(@PathParam("id") String idOrSlug, @HeaderParam("If-Match") String ifMatch, ObjectNode profile);

    record HubPage(List<HubProfile> items, int page, int size, long total) {
    }

    record Completeness(double score, List<Hint> missing) {
        public record Hint(String field, int weight, String hint) {
        }
    }
}
