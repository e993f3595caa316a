package org.amhub.matchmaker.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Known collaborations, by hub slug. A collaboration of two hubs is a pair; of three or more, a group that should
 * appear as a consortium (its members also count as related pairs). Format: docs/evaluation.md.
 */
public record GroundTruth(List<Collaboration> collaborations) {

    public record Collaboration(List<String> hubs, String description, Integer year) {
        public boolean isGroup() {
            return hubs.size() >= 3;
        }
    }

    public static GroundTruth read(Path file) throws IOException {
        GroundTruth truth = HubDataset.MAPPER.readValue(file.toFile(), GroundTruth.class);
        if (truth.collaborations() == null || truth.collaborations().isEmpty()) {
            throw new IllegalArgumentException(file + ": no collaborations");
        }
        for (Collaboration c : truth.collaborations()) {
            if (c.hubs() == null || c.hubs().size() < 2) {
                throw new IllegalArgumentException(file + ": a collaboration needs at least two hubs");
            }
        }
        return truth;
    }
}
