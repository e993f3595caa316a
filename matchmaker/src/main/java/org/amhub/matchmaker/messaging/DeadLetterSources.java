package org.amhub.matchmaker.messaging;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.amhub.deadletters.DeadLetterSource;

/** The hub-profile consumer's dead-letter topic, replayed through the consumer's own idempotent handling. */
@ApplicationScoped
public class DeadLetterSources {

    @Produces
    @ApplicationScoped
    @Unremovable
    @Named("hub-profiles-dlq")
    DeadLetterSource hubProfiles(HubProfileConsumer consumer, DeadLetterPublisher deadLetters) {
        return DeadLetterSource.of(deadLetters.topic(), consumer::replay);
    }
}
