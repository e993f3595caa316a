package org.amhub.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.amhub.audit.AuditTrail;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.TopicClaim;
import org.amhub.registry.messaging.HubProfilePublisher;
import org.amhub.registry.repository.HubEntity;
import org.amhub.registry.service.HubProfileCommand;
import org.amhub.restsupport.InvalidQueryException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Use cases on hub profiles. Every write commits the change and its event together. */
@ApplicationScoped
public class HubService {

    private final ProfileNormaliser normaliser;
    private final HubProfilePublisher publisher;
    private final EntityManager entityManager;
    private final AuditTrail audit;

    public HubService(ProfileNormaliser normaliser, HubProfilePublisher publisher, EntityManager entityManager, AuditTrail audit) {
        this.audit = audit;
        this.normaliser = normaliser;
        this.publisher = publisher;
        this.entityManager = entityManager;
    }

    /** A search over the registry; null criteria match everything. */
    public record HubQuery(String topic, String industry, String region, String text, int page, int size) {
    }

    public record HubPage(List<HubProfile> items, int page, int size, long total) {
    }

    @Transactional
    public HubProfile create(HubProfileCommand request) {
        return create(request, UUID.randomUUID(), enteredThroughApi());
    }

    /**
     * Seed hubs get ids derived from their slug, so the same data gives the same ids on every machine.
     *
     * @param source where the seed's evidence comes from, recorded on each claim
     */
    @Transactional
    public HubProfile createWithStableId(HubProfileCommand request, String source) {
        return create(request, UUID.nameUUIDFromBytes(("amhub:" + request.slug()).getBytes(StandardCharsets.UTF_8)), source);
    }

    private HubProfile create(HubProfileCommand request, UUID id, String source) {
        ProfileNormaliser.NormalisedClaims claims = normaliser.normalise(request, List.of(), source);
        if (HubEntity.findBySlug(request.slug()).isPresent()) {
            throw new ConflictException("A hub with slug '" + request.slug() + "' exists already", "slug");
        }
        HubEntity hub = new HubEntity();
        hub.id = id;
        hub.slug = request.slug();
        hub.createdAt = now();
        apply(hub, request, claims);
        hub.persist();
        entityManager.flush(); // assigns the version before the snapshot is taken
        HubProfile profile = toProfile(hub);
        publisher.changed(profile);
        audit.record("hub.create", profile.slug(), profile.id().toString(), audit.diff(null, profile));
        return profile;
    }

    @Transactional
    public HubProfile update(UUID id, Long expectedVersion, HubProfileCommand request) {
        HubEntity hub = HubEntity.<HubEntity>findByIdOptional(id).orElseThrow(() -> new HubNotFoundException(id));
        checkVersion(hub, expectedVersion);
        if (!hub.slug.equals(request.slug())) {
            throw new InvalidProfileException(List.of(new FieldViolation("slug", "the slug of a hub cannot change (it is '" + hub.slug + "')")));
        }
        HubProfile before = toProfile(hub);
        List<TopicClaim> previous = new ArrayList<>(hub.priorities);
        previous.addAll(hub.capabilities);
        previous.addAll(hub.needs);
        ProfileNormaliser.NormalisedClaims claims = normaliser.normalise(request, previous, enteredThroughApi());
        apply(hub, request, claims);
        entityManager.flush(); // raises the version, or fails on a concurrent edit
        HubProfile profile = toProfile(hub);
        publisher.changed(profile);
        audit.record("hub.update", profile.slug(), profile.id().toString(), audit.diff(before, profile));
        return profile;
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion) {
        HubEntity hub = HubEntity.<HubEntity>findByIdOptional(id).orElseThrow(() -> new HubNotFoundException(id));
        checkVersion(hub, expectedVersion);
        audit.record("hub.delete", hub.slug, id.toString(), audit.diff(toProfile(hub), null));
        hub.delete();
        entityManager.flush();
        publisher.deleted(id);
    }

    @Transactional
    public Optional<HubProfile> find(UUID id) {
        return HubEntity.<HubEntity>findByIdOptional(id).map(HubService::toProfile);
    }

    @Transactional
    public Optional<HubProfile> findBySlug(String slug) {
        return HubEntity.findBySlug(slug).map(HubService::toProfile);
    }

    @Transactional
    public boolean existsBySlug(String slug) {
        return HubEntity.findBySlug(slug).isPresent();
    }

    @Transactional
    public long count() {
        return HubEntity.count();
    }

    @Transactional
    public HubPage search(HubQuery query) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object[]> params = new ArrayList<>();
        if (query.topic() != null) {
            String topic = normaliser.canonicalTopic(query.topic()).orElseThrow(() -> new InvalidQueryException("topic",
                    "unknown topic '" + query.topic() + "'; GET /api/taxonomy lists the topics"));
            where.append(" AND (h.priorities || h.capabilities || h.needs) @> CAST(:topicFilter AS jsonb)");
            params.add(new Object[]{"topicFilter", "[{\"topic\":\"" + topic + "\"}]"});
        }
        if (query.industry() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(h.top_industries) i WHERE lower(i) LIKE :industry ESCAPE '\\')");
            params.add(new Object[]{"industry", like(query.industry())});
        }
        if (query.region() != null) {
            where.append(" AND (lower(h.region) = :region OR lower(h.country) = :region)");
            params.add(new Object[]{"region", query.region().strip().toLowerCase(Locale.ROOT)});
        }
        if (query.text() != null) {
            where.append(" AND lower(concat_ws(' ', h.name, h.slug, h.country, h.region, h.host_entities::text, h.top_industries::text,"
                    + " h.priorities::text, h.capabilities::text, h.needs::text, h.programmes::text)) LIKE :text ESCAPE '\\'");
            params.add(new Object[]{"text", like(query.text())});
        }
        var select = entityManager.createNativeQuery("SELECT h.* FROM hub h" + where + " ORDER BY h.name, h.id LIMIT :limit OFFSET :offset", HubEntity.class);
        var count = entityManager.createNativeQuery("SELECT count(*) FROM hub h" + where, Long.class);
        for (Object[] param : params) {
            select.setParameter((String) param[0], param[1]);
            count.setParameter((String) param[0], param[1]);
        }
        select.setParameter("limit", query.size()).setParameter("offset", (long) query.page() * query.size());
        @SuppressWarnings("unchecked")
        List<HubEntity> rows = select.getResultList();
        long total = ((Number) count.getSingleResult()).longValue();
        return new HubPage(rows.stream().map(HubService::toProfile).toList(), query.page(), query.size(), total);
    }

    private static String like(String value) {
        String escaped = value.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static void checkVersion(HubEntity hub, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != hub.version) {
            throw new PreconditionFailedException(expectedVersion, hub.version);
        }
    }

    private static void apply(HubEntity hub, HubProfileCommand request, ProfileNormaliser.NormalisedClaims claims) {
        hub.name = request.name().strip();
        hub.country = request.country().strip();
        hub.region = request.region().strip();
        hub.hostEntities = request.hostEntities().stream().map(String::strip).toList();
        hub.contactEmail = request.contactEmail() == null || request.contactEmail().isBlank() ? null : request.contactEmail().strip();
        hub.population = request.population();
        hub.topIndustries = request.topIndustries() == null ? List.of() : request.topIndustries().stream().map(String::strip).toList();
        hub.workforceInManufacturingPct = request.workforceInManufacturingPct();
        hub.manufacturingShareOfGdpPct = request.manufacturingShareOfGdpPct();
        hub.status = request.status();
        hub.priorities = claims.priorities();
        hub.capabilities = claims.capabilities();
        hub.needs = claims.needs();
        hub.programmes = claims.programmes();
        hub.updatedAt = now();
    }

    private static String enteredThroughApi() {
        return "Entered through the API on " + now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
    }

    public static HubProfile toProfile(HubEntity hub) {
        return new HubProfile(hub.id, hub.slug, hub.name, hub.country, hub.region, hub.hostEntities, hub.contactEmail,
                hub.population, hub.topIndustries, hub.workforceInManufacturingPct, hub.manufacturingShareOfGdpPct,
                hub.status, hub.priorities, hub.capabilities, hub.needs, hub.programmes, hub.version, hub.createdAt,
                hub.updatedAt);
    }
}
