package org.amhub.notifications.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** One-click unsubscribe links ({@code amhub.unsubscribe.*}). */
@ConfigMapping(prefix = "amhub.unsubscribe")
public interface UnsubscribeConfig {

    /**
     * The HMAC key that signs unsubscribe tokens ({@code AMHUB_UNSUBSCRIBE_KEY}). No default: a key everyone knows
     * would let anyone unsubscribe anyone. The launcher generates one into {@code .amhub/secrets.properties}.
     */
    String key();

    /** This service's public base URL, where {@code /api/unsubscribe} is reached from a mail client. */
    @WithDefault("http://localhost:8083")
    String baseUrl();
}
