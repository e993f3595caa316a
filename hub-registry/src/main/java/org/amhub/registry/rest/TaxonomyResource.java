package org.amhub.registry.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.amhub.events.Taxonomy;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/taxonomy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Taxonomy", description = "The controlled vocabulary of topics")
public class TaxonomyResource {

    private final Taxonomy taxonomy;

    public TaxonomyResource(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    public record TaxonomyView(List<Taxonomy.Topic> topics) {
    }

    @GET
    @Operation(operationId = "getTaxonomy", summary = "All topics with their labels and the synonyms accepted on write")
    public TaxonomyView topics() {
        return new TaxonomyView(taxonomy.topics());
    }
}
