package org.amhub.console.service;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * The outcome of one call to a service, for one part of a page: its value, or a sentence a person can act on. A page
 * built from several services shows every part that answered and a message for each that did not, never a blank page.
 */
public record Fetched<T>(T value, String error) {

    private static final Logger LOG = Logger.getLogger(Fetched.class);

    public static <T> Fetched<T> of(String service, Supplier<T> call) {
        try {
            return new Fetched<>(call.get(), null);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.debugf("%s answered %d: %s", service, status, e.getMessage());
            return new Fetched<>(null, switch (status) {
                case 401 -> "Your session has expired: reload the page to sign in again.";
                case 403 -> "You may not see this part (" + service + " refused it).";
                case 404 -> "Not found in " + service + ".";
                case 503 -> "The " + service + " is starting or catching up; try again in a moment.";
                default -> "The " + service + " answered with an error (" + status + "); try again in a moment.";
            });
        } catch (ProcessingException e) {
            LOG.warnf("%s is not answering: %s", service, e.getMessage());
            return new Fetched<>(null, "The " + service + " is not answering right now; the rest of the page still works.");
        }
    }

    public boolean ok() {
        return error == null;
    }
}
