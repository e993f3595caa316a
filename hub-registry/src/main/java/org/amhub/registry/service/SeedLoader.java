package org.amhub.registry.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.amhub.registry.config.RegistryConfig;
import org.amhub.registry.rest.HubProfileRequest;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Loads the seed hubs (an editable JSON file) on first start, when the registry is empty. Seeded hubs go through the
 * same validation and outbox as any API write, so consumers hear about them too.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);

    record SeedFile(List<HubProfileRequest> hubs) {
    }

    private final HubService hubs;
    private final RegistryConfig config;
    private final ObjectMapper mapper;
    private final Validator validator;

    public SeedLoader(HubService hubs, RegistryConfig config, ObjectMapper mapper, Validator validator) {
        this.hubs = hubs;
        this.config = config;
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.seed().enabled() || hubs.count() > 0) {
            return;
        }
        List<HubProfileRequest> seed = read();
        for (HubProfileRequest hub : seed) {
            Set<ConstraintViolation<HubProfileRequest>> violations = validator.validate(hub);
            if (!violations.isEmpty()) {
                throw new IllegalStateException("Seed hub '" + hub.slug() + "' is invalid: " + violations);
            }
            hubs.createWithStableId(hub, "Global Network of AMHUBs, 2021 report: section \"" + hub.name() + "\"");
        }
        LOG.infof("Seeded %d hubs", seed.size());
    }

    private List<HubProfileRequest> read() {
        try (InputStream in = config.seed().file().isPresent()
                ? Files.newInputStream(Path.of(config.seed().file().get()))
                : SeedLoader.class.getResourceAsStream("/seed/hubs.json")) {
            if (in == null) {
                throw new IllegalStateException("The bundled seed/hubs.json is missing");
            }
            return mapper.readValue(in, SeedFile.class).hubs();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the seed hubs", e);
        }
    }
}
