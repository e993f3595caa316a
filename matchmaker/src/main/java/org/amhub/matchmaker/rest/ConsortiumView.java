package org.amhub.matchmaker.rest;

import org.amhub.events.match.MatchParty;

import java.util.List;

public record ConsortiumView(String id, String kind, String goal, List<MatchParty> members, List<String> topics,
                             double score, double cohesion, List<String> reasons) {
}
