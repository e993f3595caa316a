package org.amhub.registry.service;

import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.TopicClaim;

import java.util.ArrayList;
import java.util.List;

/**
 * How complete a profile is for matching, and which missing parts would improve its matches most. The checks follow
 * what the matchmaker reads: needs and capabilities (complementarity, the strongest factor), priorities, top
 * industries, the country (funding blocs) and evidence behind claims (shown in every reason).
 */
public final class ProfileCompleteness {

    /** One missing or thin part of the profile, with the fields to fill and why it matters. */
    public record Hint(String field, int weight, String hint) {
    }

    /** {@code score} in [0, 1]: the share of the weighted checks the profile passes. */
    public record Report(double score, List<Hint> missing) {
    }

    private ProfileCompleteness() {
    }

    public static Report of(HubProfile hub) {
        List<Hint> missing = new ArrayList<>();
        int total = 0;
        total += check(missing, hub.needs().size() >= 2, new Hint("needs", 25,
                "Add at least two needs: what the hub seeks is matched against other hubs' capabilities, the strongest factor."));
        total += check(missing, hub.capabilities().size() >= 2, new Hint("capabilities", 25,
                "Add at least two capabilities: they are what other hubs' needs are matched against."));
        total += check(missing, hub.priorities().size() >= 3, new Hint("priorities", 15,
                "List at least three priorities: shared, rare priorities raise a pair's score."));
        total += check(missing, hub.topIndustries().size() >= 2, new Hint("topIndustries", 10,
                "Name the hub's top industries: industry overlap is one of the factors."));
        List<TopicClaim> claims = new ArrayList<>(hub.needs());
        claims.addAll(hub.capabilities());
        claims.addAll(hub.priorities());
        long withEvidence = claims.stream().filter(c -> c.evidence() != null && !c.evidence().isBlank()).count();
        total += check(missing, !claims.isEmpty() && withEvidence == claims.size(), new Hint("evidence", 15,
                "Give evidence (a quote from a source) for every claim: each suggestion's reasons show it to the partner."));
        total += check(missing, !hub.programmes().isEmpty(), new Hint("programmes", 5,
                "Describe the hub's programmes: their topics count as priorities."));
        total += check(missing, hub.country() != null && !hub.country().isBlank(), new Hint("country", 5,
                "Give the country: it decides which funding blocs the hub can bid in."));
        int passed = total - missing.stream().mapToInt(Hint::weight).sum();
        missing.sort((a, b) -> Integer.compare(b.weight(), a.weight()));
        return new Report(Math.round(100.0 * passed / total) / 100.0, List.copyOf(missing));
    }

    private static int check(List<Hint> missing, boolean passes, Hint hint) {
        if (!passes) {
            missing.add(hint);
        }
        return hint.weight();
    }
}
