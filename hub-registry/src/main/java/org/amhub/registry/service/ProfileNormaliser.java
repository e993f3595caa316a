package org.amhub.registry.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.amhub.events.Taxonomy;
import org.amhub.events.hub.Programme;
import org.amhub.events.hub.TopicClaim;
import org.amhub.registry.service.HubProfileCommand;
import org.amhub.registry.service.HubProfileCommand.Claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enforces the taxonomy on write: every topic is resolved to its canonical id (synonyms and labels are accepted);
 * an unknown topic is reported with its field path so the client can fix exactly that entry.
 */
@ApplicationScoped
public class ProfileNormaliser {

    private final Taxonomy taxonomy;

    public ProfileNormaliser(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /**
     * @param previous  the hub's claims before this change: a claim that says the same again keeps its source
     * @param newSource the source recorded for claims new in this change
     */
    public NormalisedClaims normalise(HubProfileCommand request, List<TopicClaim> previous, String newSource) {
        List<FieldViolation> violations = new ArrayList<>();
        Sources sources = new Sources(previous, newSource);
        List<TopicClaim> priorities = claims("priorities", request.priorities(), sources, violations);
        List<TopicClaim> capabilities = claims("capabilities", request.capabilities(), sources, violations);
        List<TopicClaim> needs = claims("needs", request.needs(), sources, violations);
        List<Programme> programmes = new ArrayList<>();
        List<HubProfileCommand.ProgrammeEntry> given = orEmpty(request.programmes());
        for (int i = 0; i < given.size(); i++) {
            HubProfileCommand.ProgrammeEntry programme = given.get(i);
            List<String> topics = new ArrayList<>();
            List<String> givenTopics = orEmpty(programme.topics());
            for (int t = 0; t < givenTopics.size(); t++) {
                resolve(givenTopics.get(t), "programmes[" + i + "].topics[" + t + "]", violations).ifPresent(topics::add);
            }
            programmes.add(new Programme(programme.name().strip(), trim(programme.description()), topics.stream().distinct().toList(),
                    trim(programme.evidence())));
        }
        if (!violations.isEmpty()) {
            throw new InvalidProfileException(violations);
        }
        return new NormalisedClaims(priorities, capabilities, needs, programmes);
    }

    public Optional<String> canonicalTopic(String topic) {
        return taxonomy.resolve(topic).map(Taxonomy.Topic::id);
    }

    private List<TopicClaim> claims(String field, List<Claim> given, Sources sources, List<FieldViolation> violations) {
        List<TopicClaim> result = new ArrayList<>();
        List<Claim> claims = orEmpty(given);
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            String path = field + "[" + i + "]";
            Optional<String> topic = claim.topic() == null || claim.topic().isBlank()
                    ? placed(claim.text(), path + ".topic", violations)
                    : resolve(claim.topic(), path + ".topic", violations);
            topic.ifPresent(id -> result.add(sources.of(new TopicClaim(id, claim.text().strip(), trim(claim.evidence())))));
        }
        return result;
    }

    /** A free-text claim goes on the taxonomy topic its text names (the longest label or synonym it contains). */
    private Optional<String> placed(String text, String path, List<FieldViolation> violations) {
        Optional<String> id = taxonomy.findIn(text).map(Taxonomy.Topic::id);
        if (id.isEmpty()) {
            violations.add(new FieldViolation(path, "no topic given and the text names none of the taxonomy's topics; "
                    + "give one (GET /api/taxonomy lists them)"));
        }
        return id;
    }

    /** Keeps the source of claims that are said again unchanged; new ones get the source of this change. */
    private record Sources(List<TopicClaim> previous, String newSource) {
        TopicClaim of(TopicClaim claim) {
            return previous.stream().filter(claim::sameStatement).findFirst()
                    .filter(old -> old.source() != null)
                    .map(old -> claim.withSource(old.source()))
                    .orElse(claim.withSource(newSource));
        }
    }

    private Optional<String> resolve(String topic, String path, List<FieldViolation> violations) {
        Optional<String> id = canonicalTopic(topic);
        if (id.isEmpty()) {
            violations.add(new FieldViolation(path, "unknown topic '" + topic + "'; GET /api/taxonomy lists the topics and their synonyms"));
        }
        return id;
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    public record NormalisedClaims(List<TopicClaim> priorities, List<TopicClaim> capabilities, List<TopicClaim> needs,
                                   List<Programme> programmes) {
    }
}
