package org.amhub.registry.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.amhub.registry.config.RegistryConfig;
import org.amhub.registry.service.HubProfileCommand;
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
 * <p>
 * Safe when several registries start at once on one database: the seed runs in one transaction under an advisory
 * lock, so the second instance waits, then finds the hubs there and seeds nothing; a hub whose slug exists is skipped.
 */
@ApplicationScoped
public class SeedLoader {

    private static final Logger LOG = Logger.getLogger(SeedLoader.class);

    record SeedFile(List<HubProfileCommand> hubs) {
    }

    private final HubService hubs;
    private final RegistryConfig config;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final EntityManager entityManager;

    /** Advisory lock key of the seed (advisory locks are per database). */
    static final long SEED_LOCK = 0x616d6875625f7364L; // "amhub_sd"

    public SeedLoader(HubService hubs, RegistryConfig config, ObjectMapper mapper, Validator validator,
                      EntityManager entityManager) {
        this.hubs = hubs;
        this.config = config;
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
        this.entityManager = entityManager;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.seed().enabled()) {
            return;
        }
        seed();
    }

    /** Seeds an empty registry; returns how many hubs it added (0 when another instance did it first). */
    int seed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(:key)").setParameter("key", SEED_LOCK).getSingleResult();
            if (hubs.count() > 0) {
                return 0;
            }
            List<HubProfileCommand> seed = read();
            int added = 0;
            for (HubProfileCommand hub : seed) {
                Set<ConstraintViolation<HubProfileCommand>> violations = validator.validate(hub);
                if (!violations.isEmpty()) {
                    throw new IllegalStateException("Seed hub '" + hub.slug() + "' is invalid: " + violations);
                }
                if (hubs.existsBySlug(hub.slug())) {
                    continue;
                }
                hubs.createWithStableId(hub, "Global Network of AMHUBs, 2021 report: section \"" + hub.name() + "\"");
                added++;
            }
            LOG.infof("Seeded %d hubs", added);
            return added;
        });
    }

    private List<HubProfileCommand> read() {
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
