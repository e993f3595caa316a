package org.amhub.matchmaker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.amhub.events.hub.HubProfile;
import org.amhub.events.hub.HubProfileChanged;
import org.amhub.events.hub.HubTopics;
import org.amhub.events.hub.TopicClaim;
import org.amhub.events.match.MatchTopics;
import org.amhub.outbox.TraceContext;
import org.amhub.testsupport.RealInfrastructureResource;
import org.amhub.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.amhub.matchmaker.service.MatchmakerFlowTest.id;
import static org.amhub.matchmaker.service.MatchmakerFlowTest.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A profile record's trace continues through the matchmaker: the suggestion it causes goes out in the same trace. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class TraceContextFlowTest {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @Inject
    ObjectMapper mapper;

    void send(HubProfile profile, Map<String, String> headers) throws Exception {
        HubProfileChanged event = HubProfileChanged.of(UUID.randomUUID(), Instant.now(), profile);
        TopicReader.send(HubTopics.HUB_PROFILES, profile.id().toString(), mapper.writeValueAsString(event), headers);
    }

    @Test
    void aSuggestionCausedByATracedProfileRecordCarriesThatTrace() throws Exception {
        String alpha = "trace-a-" + UUID.randomUUID().toString().substring(0, 6);
        String beta = "trace-b-" + UUID.randomUUID().toString().substring(0, 6);
        String matchId = MatchService.matchId(id(alpha), id(beta));
        try (TopicReader reader = new TopicReader(MatchTopics.MATCH_SUGGESTIONS)) {
            send(profile(beta, 1, List.of(new TopicClaim("hydrogen-mobility", "fuel cell test centre for hydrogen ferries", null)),
                    List.of(), null), Map.of());
            // the registry's publish span, as the outbox relay sends it
            send(profile(alpha, 1, List.of(), List.of(new TopicClaim("hydrogen", "hydrogen ferries", null)), "quote"),
                    Map.of(TraceContext.TRACEPARENT, "00-" + TRACE_ID + "-b7ad6b7169203331-01"));

            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(60))
                    .until(() -> reader.recordsWithKey(matchId), list -> !list.isEmpty());
            assertThat(TraceContext.header(records.get(0).headers())).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
        }
    }
}
