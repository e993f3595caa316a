package org.amhub.restsupport;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses path and query parameters holding control characters (NUL above all, which PostgreSQL rejects in text) with
 * a 400 naming the parameter, before any resource sees them. Runs after matching, so path parameters have names.
 */
public class ParameterGuard {

    @ServerRequestFilter
    public Response refuseControlCharacters(UriInfo uri) {
        Response refused = check("path", uri.getPathParameters(), uri);
        return refused != null ? refused : check("query", uri.getQueryParameters(), uri);
    }

    private static Response check(String kind, MultivaluedMap<String, String> parameters, UriInfo uri) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (hasControlCharacter(parameter.getKey())) {
                return ProblemMappers.problem(400, "Invalid " + kind + " parameter", "(parameter name)",
                        "must not contain control characters", uri);
            }
            for (String value : parameter.getValue()) {
                if (hasControlCharacter(value)) {
                    return ProblemMappers.problem(400, "Invalid " + kind + " parameter", parameter.getKey(),
                            "must not contain control characters (such as NUL)", uri);
                }
            }
        }
        return null;
    }

    /** C0 and C1 controls and DEL. */
    public static boolean hasControlCharacter(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
