package org.amhub.deadletters;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.amhub.restsupport.InvalidQueryException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/admin/dead-letters")
@RolesAllowed("admin")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "Dead letters", description = "Records the consumers could not read, and their replay (admin)")
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listDeadLetters", summary = "Dead letters, oldest first per partition, with the failure reason",
            description = "topic: one dead-letter topic; status=PENDING for letters not yet replayed.")
    public List<DeadLetter> list(@QueryParam("topic") String topic, @QueryParam("status") String status) {
        boolean pendingOnly = false;
        if (status != null) {
            if (!status.equalsIgnoreCase(DeadLetter.PENDING) && !status.equalsIgnoreCase(DeadLetter.REPLAYED)) {
                throw new InvalidQueryException("status", "must be PENDING or REPLAYED");
            }
            pendingOnly = status.equalsIgnoreCase(DeadLetter.PENDING);
        }
        List<DeadLetter> letters = deadLetters.list(topic, pendingOnly);
        return status == null || pendingOnly ? letters : letters.stream().filter(l -> DeadLetter.REPLAYED.equals(l.status())).toList();
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Replay one letter through the consumer's own handler",
            description = "The id is topic:partition:offset. 409 when already replayed, 422 when the handler still fails.")
    public DeadLetter replay(@PathParam("id") String id) {
        try {
            DeadLetterId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("id", e.getMessage());
        }
        return deadLetters.replay(id, identity.getPrincipal().getName());
    }

    @POST
    @Path("/replay")
    @Operation(operationId = "replayAllDeadLetters", summary = "Replay every pending letter (of one topic, or all)")
    public DeadLetters.ReplaySummary replayAll(@QueryParam("topic") String topic) {
        return deadLetters.replayAll(topic, identity.getPrincipal().getName());
    }
}
