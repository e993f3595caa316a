package org.amhub.restsupport;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.amhub.events.Taxonomy;

/** The topic taxonomy of the contracts module as one bean, for every service (events itself stays framework-free). */
public class TaxonomyProducer {

    @Produces
    @Singleton
    Taxonomy taxonomy() {
        return Taxonomy.standard();
    }
}
