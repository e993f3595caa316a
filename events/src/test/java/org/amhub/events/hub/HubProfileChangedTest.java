package org.amhub.events.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubProfileChangedTest {

    final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    final UUID id = UUID.randomUUID();
    final HubProfile profile = new HubProfile(id, "slug", "Name", "Country", "Region", List.of("Host"), null, null, List.of(),
            null, null, HubStatus.ACTIVE, List.of(new TopicClaim("5g", "test bed", "quote")), List.of(), List.of(), List.of(), 3,
            Instant.EPOCH, Instant.EPOCH);

    @Test
    void roundTripsAndReadsTombstones() throws Exception {
        String json = mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.EPOCH, profile));
        HubProfileChanged read = HubProfileChanged.read(mapper, id.toString(), json);
        assertThat(read.profile()).isEqualTo(profile);
        assertThat(read.schemaVersion()).isEqualTo(HubProfileChanged.SCHEMA_VERSION);
        assertThat(HubProfileChanged.read(mapper, id.toString(), null)).isNull();
    }

    @Test
    void recordsThatBreakTheContractAreRejected() throws Exception {
        String json = mapper.writeValueAsString(HubProfileChanged.of(UUID.randomUUID(), Instant.EPOCH, profile));
        assertThatThrownBy(() -> HubProfileChanged.read(mapper, null, json)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HubProfileChanged.read(mapper, UUID.randomUUID().toString(), json)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HubProfileChanged.read(mapper, id.toString(), "{\"eventId\": null}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HubProfileChanged.read(mapper, id.toString(), "{not json")).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }
}
