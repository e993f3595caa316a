package org.amhub.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** For the harnesses that drive the whole system (chaos, bench): a profile as read, turned into the registry's PUT body. */
public final class HubRequests {

    private HubRequests() {
    }

    /** The writable fields of a hub profile, as the registry's PUT takes them (it refuses id, version and times). */
    public static ObjectNode toRequest(JsonNode profile) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("slug", "name", "country", "region", "hostEntities", "contactEmail", "population",
                "topIndustries", "workforceInManufacturingPct", "manufacturingShareOfGdpPct", "status")) {
            if (profile.hasNonNull(field)) {
                request.set(field, profile.get(field));
            }
        }
        for (String list : List.of("priorities", "capabilities", "needs")) {
            ArrayNode claims = request.putArray(list);
            for (JsonNode claim : profile.path(list)) {
                ObjectNode c = claims.addObject();
                c.put("topic", claim.path("topic").asText());
                c.put("text", claim.path("text").asText());
                if (claim.hasNonNull("evidence")) {
                    c.put("evidence", claim.get("evidence").asText());
                }
            }
        }
        ArrayNode programmes = request.putArray("programmes");
        for (JsonNode programme : profile.path("programmes")) {
            ObjectNode p = programmes.addObject();
            p.put("name", programme.path("name").asText());
            for (String field : List.of("description", "evidence")) {
                if (programme.hasNonNull(field)) {
                    p.put(field, programme.get(field).asText());
                }
            }
            if (programme.has("topics")) {
                p.set("topics", programme.get("topics"));
            }
        }
        return request;
    }
}
