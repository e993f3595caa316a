package org.amhub.matchmaker.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.amhub.events.hub.HubProfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads hubs for an evaluation: the registry's seed format ({@code {"hubs": [...]}}), a page of its API
 * ({@code {"items": [...]}}) or a plain array of profiles. Hubs without an id get one derived from their slug.
 */
public final class HubDataset {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private HubDataset() {
    }

    public static List<HubProfile> read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode array = root.isArray() ? root : root.has("hubs") ? root.get("hubs") : root.get("items");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(file + ": expected {\"hubs\": [...]}, {\"items\": [...]} or an array of hubs");
        }
        List<HubProfile> hubs = new ArrayList<>();
        for (JsonNode node : array) {
            ObjectNode hub = (ObjectNode) node;
            if (!hub.hasNonNull("slug")) {
                throw new IllegalArgumentException(file + ": every hub needs a slug");
            }
            if (!hub.hasNonNull("id")) {
                hub.put("id", UUID.nameUUIDFromBytes(("amhub:" + hub.get("slug").asText()).getBytes(StandardCharsets.UTF_8)).toString());
            }
            hubs.add(MAPPER.treeToValue(hub, HubProfile.class));
        }
        return hubs;
    }
}
