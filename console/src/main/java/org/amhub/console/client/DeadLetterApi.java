package org.amhub.console.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.time.Instant;
import java.util.List;

/** The dead-letter administration both consuming services expose (module dead-letters), admin only. */
public interface DeadLetterApi {

    @GET
    @Path("/admin/dead-letters")
    List<DeadLetter> deadLetters();

    @POST
    @Path("/admin/dead-letters/{id}/replay")
    DeadLetter replay(@PathParam("id") String id);

    record DeadLetter(String id, String topic, String key, String payloadPreview, Instant timestamp, String reason,
                      String cause, String sourceTopic, String status, Instant replayedAt, String replayedBy) {
    }
}
