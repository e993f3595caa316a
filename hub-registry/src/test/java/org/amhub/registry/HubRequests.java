package org.amhub.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds valid hub profile bodies that tests then bend into the case they need. */
final class HubRequests {

    private HubRequests() {
    }

    static Map<String, Object> validHub() {
        String slug = "test-hub-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> hub = new HashMap<>();
        hub.put("slug", slug);
        hub.put("name", "Test Hub " + slug);
        hub.put("country", "Nowhereland");
        hub.put("region", "Testregion");
        hub.put("hostEntities", List.of("Test Host Agency"));
        hub.put("contactEmail", "host@" + slug + ".example.org");
        hub.put("population", 1_000_000);
        hub.put("topIndustries", List.of("Shipbuilding", "Textiles"));
        hub.put("workforceInManufacturingPct", 12.5);
        hub.put("manufacturingShareOfGdpPct", 20);
        hub.put("status", "LAUNCHING");
        hub.put("priorities", List.of(claim("hydrogen", "Hydrogen ferries")));
        hub.put("capabilities", List.of(claim("shipbuilding", "Large shipyards")));
        hub.put("needs", List.of(claim("3D printing", "Printed spare parts for ships")));
        hub.put("programmes", List.of(Map.of("name", "Harbour Lab", "description", "Test bed", "topics", List.of("maritime"))));
        return hub;
    }

    static Map<String, Object> claim(String topic, String text) {
        return Map.of("topic", topic, "text", text, "evidence", "quoted from a test");
    }
}
