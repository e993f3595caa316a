package org.amhub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Records writes in {@code audit_entry}. {@link #record} joins the caller's transaction and refuses to run without one,
 * so an audit row commits with its change and a rolled-back change leaves none. What changed is a compact diff
 * (changed top-level fields, {@code {"field": {"from": …, "to": …}}}) or the new values; fields that look like
 * secrets are replaced by {@code "***"} before anything is stored.
 */
@ApplicationScoped
public class AuditTrail {

    public static final String SYSTEM = "system";
    private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "token", "credential", "key");

    private final ObjectMapper mapper;

    public AuditTrail(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param action     a verb on a resource, such as {@code hub.update} or {@code subscription.create}
     * @param hub        the hub slug concerned, or null for service-wide operations
     * @param resourceId the id of the resource written
     * @param changes    a diff from {@link #diff} or any object whose JSON form says what was written (may be null)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry record(String action, String hub, String resourceId, Object changes) {
        AuditEntry entry = new AuditEntry();
        entry.occurredAt = Instant.now();
        Actor actor = actor();
        entry.actor = actor.name();
        entry.actorSubject = actor.subject();
        entry.action = action;
        entry.hub = hub;
        entry.resourceId = resourceId;
        entry.changes = changes == null ? JsonNodeFactory.instance.objectNode() : redact(mapper.valueToTree(changes));
        entry.persist();
        return entry;
    }

    /** The fields whose values differ between two snapshots of a resource (either may be null: create, delete). */
    public JsonNode diff(Object before, Object after) {
        JsonNode from = before == null ? JsonNodeFactory.instance.objectNode() : mapper.valueToTree(before);
        JsonNode to = after == null ? JsonNodeFactory.instance.objectNode() : mapper.valueToTree(after);
        ObjectNode diff = JsonNodeFactory.instance.objectNode();
        Set<String> fields = new java.util.TreeSet<>();
        from.fieldNames().forEachRemaining(fields::add);
        to.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode a = from.get(field), b = to.get(field);
            if (!Objects.equals(nullToMissing(a), nullToMissing(b))) {
                ObjectNode change = diff.putObject(field);
                change.set("from", a == null ? JsonNodeFactory.instance.nullNode() : a);
                change.set("to", b == null ? JsonNodeFactory.instance.nullNode() : b);
            }
        }
        return diff;
    }

    private static JsonNode nullToMissing(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /** Values under secret-looking names are never stored, only that they were set (a diff's from/to alike). */
    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (!secretName(field.getKey())) {
                    redact(field.getValue());
                } else if (field.getValue() instanceof ObjectNode change) {
                    change.properties().forEach(e -> e.setValue(masked(e.getValue())));
                } else {
                    field.setValue(masked(field.getValue()));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(AuditTrail::redact);
        }
        return node;
    }

    private static JsonNode masked(JsonNode value) {
        return value == null || value.isNull() ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode("***");
    }

    static boolean secretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    record Actor(String name, String subject) {
    }

    /** The caller of the current request; {@code system} for scheduled work, consumers and seeding. */
    static Actor actor() {
        SecurityIdentity identity = currentIdentity();
        if (identity == null || identity.isAnonymous()) {
            return new Actor(SYSTEM, null);
        }
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject() : null;
        return new Actor(identity.getPrincipal().getName(), subject);
    }

    private static SecurityIdentity currentIdentity() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        try {
            return Arc.container().instance(CurrentIdentityAssociation.class).get().getIdentity();
        } catch (RuntimeException unauthenticated) {
            return null;
        }
    }
}
