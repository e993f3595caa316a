package org.amhub.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Registry settings ({@code amhub.registry.*}). */
@ConfigMapping(prefix = "amhub.registry")
public interface RegistryConfig {

    Seed seed();

    /** Largest page a client may ask for. */
    @WithDefault("100")
    int maxPageSize();

    interface Seed {
        /** Load the seed file on start when the hub table is empty. */
        @WithDefault("true")
        boolean enabled();

        /** A file path to load instead of the bundled {@code seed/hubs.json}. */
        Optional<String> file();
    }
}
