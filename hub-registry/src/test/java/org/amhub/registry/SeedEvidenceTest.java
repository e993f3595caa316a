package org.amhub.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every claim of the seed quotes <em>its own hub's</em> section of the 2021 report: never the introduction, another
 * hub's section or the "Cross-Hub collaborations" section, which is the answer key the evaluation scores against.
 * Plain JUnit: reads the report copy kept in {@code docs/evaluation/} and the bundled seed.
 */
class SeedEvidenceTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path REPORT = ROOT.resolve("docs/evaluation/amhub-global-network-2021.txt");
    static final Path SEED = ROOT.resolve("hub-registry/src/main/resources/seed/hubs.json");

    /** The section after the last hub, where no evidence may come from. */
    static final String CROSS_HUB = "(cross-hub collaborations)";

    /**
     * Where each section starts in the text extracted from the PDF: the heading line with the hub's name. Brazil's
     * heading was extracted after its first two paragraphs, so its section starts at its opening sentence instead
     * (the paragraphs between the end of Basque Country's fact box and that sentence continue Basque Country's text).
     */
    static final Map<String, String> SECTION_STARTS = Map.ofEntries(
            Map.entry("basque-country", "Basque Country, Spain"),
            Map.entry("brazil", "The Brazil AMHUB is helping to lead technology"),
            Map.entry("denmark", "Denmark"),
            Map.entry("lombardy", "Lombardy, Italy"),
            Map.entry("michigan", "Michigan, USA"),
            Map.entry("new-england", "New England, USA"),
            Map.entry("ohio", "Ohio, Usa"),
            Map.entry("qatar", "Qatar"),
            Map.entry("queensland", "Queensland, Australia"),
            Map.entry("saudi-arabia", "Saudi Arabia"),
            Map.entry("tamil-nadu", "Tamil Nadu, India"),
            Map.entry("turkey", "Turkey"),
            Map.entry("ulsan", "Ulsan, South Korea"),
            Map.entry(CROSS_HUB, "Cross-Hub collaborations2"));

    static final List<String> CLAIM_KINDS = List.of("priorities", "capabilities", "needs", "programmes");

    @Test
    void everyEvidenceQuoteComesFromItsOwnHubsSection() throws IOException {
        Map<String, String> sections = sections(Files.readAllLines(REPORT, StandardCharsets.UTF_8));
        JsonNode hubs = new ObjectMapper().readTree(SEED.toFile()).get("hubs");
        List<String> violations = new ArrayList<>();
        int quotes = 0;
        for (JsonNode hub : hubs) {
            String slug = hub.get("slug").asText();
            assertThat(sections).as("a report section for " + slug).containsKey(slug);
            String own = sections.get(slug);
            for (String kind : CLAIM_KINDS) {
                for (JsonNode claim : hub.path(kind)) {
                    quotes++;
                    String evidence = normalise(claim.path("evidence").asText(""));
                    if (evidence.isBlank() || !own.contains(evidence)) {
                        List<String> foundIn = sections.entrySet().stream()
                                .filter(section -> !evidence.isBlank() && section.getValue().contains(evidence))
                                .map(Map.Entry::getKey).toList();
                        violations.add(slug + " " + kind + " \"" + claim.path(claim.has("text") ? "text" : "name").asText()
                                + "\": \"" + evidence + "\" found in " + (foundIn.isEmpty() ? "no hub section" : foundIn));
                    }
                }
            }
        }
        assertThat(quotes).as("evidence quotes checked").isGreaterThan(100);
        assertThat(violations).as("quotes not from the hub's own section").isEmpty();
    }

    @Test
    void sectionsSplitTheReportAtEachHub() throws IOException {
        Map<String, String> sections = sections(Files.readAllLines(REPORT, StandardCharsets.UTF_8));
        assertThat(sections.get("brazil")).startsWith("The Brazil AMHUB").contains("Population: 213 million")
                .doesNotContain("Innovalia");
        assertThat(sections.get("basque-country")).contains("metrology and zero-defect manufacturing")
                .doesNotContain("Brazil");
        assertThat(sections.get("ulsan")).contains("Population: 1.14 million").doesNotContain("Michigan");
        assertThat(sections.get(CROSS_HUB)).contains("agri-preneurs");
    }

    /** Sections keyed by slug, each from its start to the next section's start; the introduction is not a section. */
    static Map<String, String> sections(List<String> lines) {
        Map<String, Integer> starts = new LinkedHashMap<>();
        SECTION_STARTS.forEach((key, start) -> {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.equals(start) || (start.length() > 40 && line.startsWith(start))) {
                    at.add(i);
                }
            }
            assertThat(at).as("lines starting the section of " + key).hasSize(1);
            starts.put(key, at.get(0));
        });
        List<Map.Entry<String, Integer>> ordered = starts.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder())).toList();
        Map<String, String> sections = new LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            int from = ordered.get(i).getValue();
            int to = i + 1 < ordered.size() ? ordered.get(i + 1).getValue() : lines.size();
            sections.put(ordered.get(i).getKey(), normalise(String.join("\n", lines.subList(from, to))));
        }
        return sections;
    }

    /**
     * Text as quoted: a hyphen at a line end joins the two lines without a space (in this report every such hyphen
     * belongs to the word: "medium-sized", "public-private", "AI-based"); typographic quotes become plain; runs of
     * white space become one space.
     */
    static String normalise(String text) {
        return text.replaceAll("-[ \\t]*\\R\\s*", "-")
                .replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"')
                .replaceAll("\\s+", " ").strip();
    }
}
