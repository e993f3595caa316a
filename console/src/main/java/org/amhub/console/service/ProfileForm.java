package org.amhub.console.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editable part of a hub profile as form fields (all text): single values, and lists with one entry per line. A
 * claim is written {@code topic | text | evidence} (topic and evidence optional). Fields the form does not show
 * (programmes, figures, status) are left as they are in the profile it is applied to.
 */
public final class ProfileForm {

    public static final List<String> SCALARS = List.of("name", "country", "region", "contactEmail");
    public static final List<String> LISTS = List.of("hostEntities", "topIndustries");
    public static final List<String> CLAIMS = List.of("priorities", "capabilities", "needs");
    public static final List<String> FIELDS = concat();

    private static final String CLAIM_SEPARATOR = " | ";

    private ProfileForm() {
    }

    /** The form's values for a profile as the registry serves it. */
    public static Map<String, String> fieldsOf(JsonNode profile) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : SCALARS) {
            JsonNode value = profile.path(name);
            fields.put(name, value.isNull() || value.isMissingNode() ? "" : value.asText());
        }
        for (String name : LISTS) {
            List<String> lines = new ArrayList<>();
            profile.path(name).forEach(item -> lines.add(item.asText()));
            fields.put(name, String.join("\n", lines));
        }
        for (String name : CLAIMS) {
            List<String> lines = new ArrayList<>();
            profile.path(name).forEach(claim -> lines.add(claimLine(claim)));
            fields.put(name, String.join("\n", lines));
        }
        return fields;
    }

    /** What the registry accepts on a replace: the profile as served minus its server-kept fields (id, version, times). */
    public static final List<String> REQUEST_FIELDS = List.of("slug", "name", "country", "region", "hostEntities",
            "contactEmail", "population", "topIndustries", "workforceInManufacturingPct", "manufacturingShareOfGdpPct",
            "status", "priorities", "capabilities", "needs", "programmes");

    /**
     * The replace request for a profile as the registry serves it, with the form's values written in; blank single
     * values become null. The registry refuses unknown fields, so only {@link #REQUEST_FIELDS} are kept.
     */
    public static ObjectNode apply(ObjectNode profile, Map<String, String> fields) {
        ObjectNode updated = profile.deepCopy();
        updated.retain(REQUEST_FIELDS);
        for (String name : SCALARS) {
            String value = fields.getOrDefault(name, "").strip();
            if (value.isEmpty()) {
                updated.putNull(name);
            } else {
                updated.put(name, value);
            }
        }
        for (String name : LISTS) {
            ArrayNode array = updated.putArray(name);
            lines(fields.get(name)).forEach(array::add);
        }
        for (String name : CLAIMS) {
            ArrayNode array = updated.putArray(name);
            Map<String, JsonNode> existing = new LinkedHashMap<>();
            profile.path(name).forEach(claim -> existing.put(claimLine(claim), claim));
            for (String line : lines(fields.get(name))) {
                JsonNode kept = existing.get(line);
                array.add(kept != null ? kept.deepCopy() : claimNode(updated, line)); // an unchanged claim keeps its source
            }
        }
        return updated;
    }

    /** The non-blank, trimmed lines of a list field. */
    public static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    public static boolean isList(String field) {
        return LISTS.contains(field) || CLAIMS.contains(field);
    }

    static String claimLine(JsonNode claim) {
        String topic = text(claim, "topic");
        String evidence = text(claim, "evidence");
        StringBuilder line = new StringBuilder(topic).append(CLAIM_SEPARATOR).append(text(claim, "text"));
        if (!evidence.isEmpty()) {
            line.append(CLAIM_SEPARATOR).append(evidence);
        }
        return line.toString();
    }

    private static ObjectNode claimNode(ObjectNode factory, String line) {
        String[] parts = line.split("\\s*\\|\\s*", 3);
        ObjectNode claim = factory.objectNode();
        if (parts.length == 1) {
            claim.put("text", parts[0].strip()); // no topic: the registry places it on the taxonomy
            return claim;
        }
        if (!parts[0].isBlank()) {
            claim.put("topic", parts[0].strip());
        }
        claim.put("text", parts[1].strip());
        if (parts.length == 3 && !parts[2].isBlank()) {
            claim.put("evidence", parts[2].strip());
        }
        return claim;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private static List<String> concat() {
        List<String> all = new ArrayList<>(SCALARS);
        all.addAll(LISTS);
        all.addAll(CLAIMS);
        return List.copyOf(all);
    }

    /** Field names a person reads. */
    public static final Map<String, String> LABELS = Map.of(
            "name", "Name", "country", "Country", "region", "Region", "contactEmail", "Contact email",
            "hostEntities", "Host entities (one per line)", "topIndustries", "Top industries (one per line)",
            "priorities", "Priorities (topic | text | evidence, one per line)",
            "capabilities", "Capabilities — what the hub offers (topic | text | evidence)",
            "needs", "Needs — what the hub seeks (topic | text | evidence)");

}
