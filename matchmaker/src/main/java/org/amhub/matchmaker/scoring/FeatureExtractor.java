package org.amhub.matchmaker.scoring;

import org.amhub.events.Taxonomy;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.Programme;
import org.amhub.events.hub.TopicClaim;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a hub profile into {@link HubFeatures}: taxonomy-normalised topics and industries, blocs, analysed text. */
public final class FeatureExtractor {

    private final Taxonomy taxonomy;
    private final ScoringModel model;
    private final Analyzer analyzer = new EnglishAnalyzer();

    private final TextEmbedder embedder;

    public FeatureExtractor(Taxonomy taxonomy, ScoringModel model) {
        this.taxonomy = taxonomy;
        this.model = model;
        this.embedder = ScoringModel.EMBEDDING.equals(model.claimSimilarity()) ? TextEmbedder.shared() : null;
    }

    public HubFeatures extract(HubProfile profile) {
        Set<String> priorities = new LinkedHashSet<>(byTopic(profile.priorities()).keySet());
        for (Programme programme : profile.programmes()) {
            programme.topics().forEach(t -> topic(t).ifPresent(priorities::add));
        }
        StringBuilder text = new StringBuilder();
        Map<TopicClaim, Map<String, Integer>> claimTerms = new HashMap<>();
        Map<TopicClaim, float[]> claimVectors = new HashMap<>();
        for (List<TopicClaim> claims : List.of(profile.priorities(), profile.capabilities(), profile.needs())) {
            claims.forEach(claim -> {
                text.append(claim.text()).append(". ");
                claimTerms.computeIfAbsent(claim, c -> terms(c.text()));
                if (embedder != null) {
                    claimVectors.computeIfAbsent(claim, c -> embedder.embed(c.text()));
                }
            });
        }
        profile.programmes().forEach(p -> text.append(p.name()).append(". ").append(p.description() == null ? "" : p.description()).append(". "));
        return new HubFeatures(profile.id(), profile.slug(), profile.name(), profile.country(), profile.region(),
                model.fundingBlocs().fundingBlocsOf(profile.country()), byTopic(profile.needs()),
                byTopic(profile.capabilities()), priorities, byTopic(profile.priorities()),
                industries(profile.topIndustries()), terms(text.toString()), claimTerms, claimVectors);
    }

    /** Industries as taxonomy topics where the vocabulary knows them ("Aeronautics" = "Aerospace/Defence"). */
    public Set<String> industries(Collection<String> names) {
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            var whole = topic(name);
            if (whole.isPresent()) {
                result.add(whole.get());
                continue;
            }
            for (String part : name.split("\\s*(?:[/&,;]|\\band\\b)\\s*")) {
                if (!part.isBlank()) {
                    result.add(topic(part).orElse(part.strip().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return result;
    }

    /** Claims by canonical topic; a claim without a known topic goes on the topic its text names, if any. */
    private Map<String, List<TopicClaim>> byTopic(List<TopicClaim> claims) {
        Map<String, List<TopicClaim>> result = new LinkedHashMap<>();
        for (TopicClaim claim : claims) {
            topic(claim.topic()).or(() -> taxonomy.findIn(claim.text()).map(Taxonomy.Topic::id))
                    .ifPresent(t -> result.computeIfAbsent(t, k -> new ArrayList<>()).add(claim));
        }
        return result;
    }

    private java.util.Optional<String> topic(String idOrSynonym) {
        return taxonomy.resolve(idOrSynonym).map(Taxonomy.Topic::id);
    }

    /** Stemmed, stop-word free term counts (Lucene's English analysis). */
    Map<String, Integer> terms(String text) {
        Map<String, Integer> counts = new HashMap<>();
        try (TokenStream tokens = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (term.length() > 1) {
                    counts.merge(term.toString(), 1, Integer::sum);
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
