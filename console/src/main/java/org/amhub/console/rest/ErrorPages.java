package org.amhub.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure as a page a person can act on: what went wrong in words, the service's own explanation when it gave
 * one (its RFC 9457 detail), and a way back. A service that is down is a 503 page, never a blank page or a 500.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail);
    }

    private final ObjectMapper json;

    public ErrorPages(ObjectMapper json) {
        this.json = json;
    }

    /** A service refused or failed a call the console made for this person. */
    @ServerExceptionMapper
    public Response serviceAnswered(ClientWebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = detail(e.getResponse());
        return page(switch (status) {
            case 400, 409, 412, 422 -> status;
            case 401 -> 401;
            case 403 -> 403;
            case 404 -> 404;
            case 429 -> 429;
            default -> 502;
        }, switch (status) {
            case 400, 422 -> "The change was not accepted";
            case 401 -> "Your session has expired";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "That cannot be done now";
            case 412 -> "Someone changed this meanwhile";
            case 429 -> "Too many requests: wait a moment";
            default -> "A service failed";
        }, detail);
    }

    @ServerExceptionMapper
    public Response serviceDown(ProcessingException e) {
        LOG.warnf("A service is not answering: %s", e.getMessage());
        return page(503, "A service is not answering", "Part of the network is not reachable right now; try again in a moment.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "Not allowed", e.getMessage());
    }

    @ServerExceptionMapper
    public Response rejected(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 300 && status < 400) {
            return e.getResponse();
        }
        return page(status, status == 404 ? "Not found" : status < 500 ? "The request was not accepted" : "Something failed",
                status < 500 ? e.getMessage() : "Try again in a moment.");
    }

    private Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.error(status, title, detail)).build();
    }

    private String detail(Response response) {
        try {
            if (!response.hasEntity()) {
                return null;
            }
            JsonNode problem = json.readTree(response.readEntity(String.class));
            String detail = problem.path("detail").asText(problem.path("title").asText(null));
            return problem.hasNonNull("field") ? detail + " (field: " + problem.path("field").asText() + ")" : detail;
        } catch (Exception unreadable) {
            return null;
        }
    }
}
