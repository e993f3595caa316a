package org.amhub.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where emails and webhooks point: the coordinators' console ({@code amhub.console.*}). */
@ConfigMapping(prefix = "amhub.console")
public interface LinksConfig {

    /** The console's base URL; a hub's page is {@code <url>/hubs/<slug>}. */
    @WithDefault("http://localhost:8080")
    String url();

    default String hubPage(String slug) {
        String base = url().endsWith("/") ? url().substring(0, url().length() - 1) : url();
        return slug == null ? base : base + "/hubs/" + slug;
    }
}
