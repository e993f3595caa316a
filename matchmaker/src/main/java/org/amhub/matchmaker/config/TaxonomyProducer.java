package org.amhub.matchmaker.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.amhub.events.Taxonomy;

/** The shared topic taxonomy, for labels in explanations. */
public class TaxonomyProducer {

    @Produces
    @Singleton
    Taxonomy taxonomy() {
        return Taxonomy.standard();
    }
}
