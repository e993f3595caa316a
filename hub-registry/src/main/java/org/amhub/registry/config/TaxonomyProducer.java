package org.amhub.registry.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.amhub.events.Taxonomy;

/** The shared topic taxonomy, loaded once from the contracts module. */
public class TaxonomyProducer {

    @Produces
    @Singleton
    Taxonomy taxonomy() {
        return Taxonomy.standard();
    }
}
