package org.amhub.matchmaker.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/** The matchmaker's old dashboard page moved into the console; old links and bookmarks are sent there. */
@Path("/")
public class ConsoleRedirect {

    private final URI console;

    public ConsoleRedirect(@ConfigProperty(name = "amhub.console.url", defaultValue = "http://localhost:8080") String console) {
        this.console = URI.create(console.endsWith("/") ? console + "network" : console + "/network");
    }

    @GET
    @Operation(operationId = "dashboardMoved", summary = "The dashboard moved to the console: a permanent redirect to its network view")
    public Response dashboard() {
        return Response.status(Response.Status.MOVED_PERMANENTLY).location(console).build();
    }
}
