package org.amhub.matchmaker.rest;

import org.amhub.matchmaker.service.PartnershipService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Public aggregates for the network view. {@code accepted}: suggestions both hubs accepted; {@code declined}:
 * suggestions a hub declined (DECLINE or NEVER); funnel {@code agreement}: partnerships that reached
 * AGREEMENT_SIGNED or a later stage; {@code byMonth}: partnerships opened and agreements reached per month (UTC).
 */
public record PartnershipStatsView(long suggestions, long accepted, long declined, Map<String, Long> partnershipsByStage,
                                   Funnel funnel, List<Month> byMonth) {

    public record Funnel(long suggested, long accepted, long agreement) {
    }

    public record Month(String month, long opened, long agreements) {
    }

    static PartnershipStatsView of(PartnershipService.Stats s) {
        Map<String, Long> byStage = new LinkedHashMap<>();
        s.partnershipsByStage().forEach((stage, count) -> byStage.put(stage.name(), count));
        return new PartnershipStatsView(s.suggestions(), s.accepted(), s.declined(), byStage,
                new Funnel(s.funnel().suggested(), s.funnel().accepted(), s.funnel().agreement()),
                s.byMonth().stream().map(m -> new Month(m.month(), m.opened(), m.agreements())).toList());
    }
}
