package org.amhub.restsupport;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} are refused with 413 as a problem, before anything reads them:
 * a declared Content-Length over the limit at once, and a longer chunked body when the limit is crossed (the server
 * then answers 413 itself; this handler turns that answer into a problem too).
 */
@ApplicationScoped
public class BodySizeLimit {

    private final Optional<MemorySize> maxBodySize;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long max = maxBodySize.get().asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                try {
                    if (Long.parseLong(length.strip()) > max) {
                        tooLarge(context, max);
                        return;
                    }
                } catch (NumberFormatException e) {
                    // a malformed length is the HTTP layer's to refuse
                }
            }
            context.next();
        });
    }

    static void tooLarge(RoutingContext context, long max) {
        String body = "{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,\"detail\":\"The body may hold at most "
                + max + " bytes\",\"instance\":\"" + jsonEscape(context.request().path()) + "\"}";
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }

    private static String jsonEscape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
