package org.amhub.notifications.messaging;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.amhub.deadletters.DeadLetterSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The notification consumers' dead-letter topics, replayed through the consumers' own idempotent handlers. */
@ApplicationScoped
public class DeadLetterSources {

    @Produces
    @ApplicationScoped
    @Unremovable
    @jakarta.inject.Named("match-suggestions-dlq")
    DeadLetterSource suggestions(EventConsumers consumers,
                                 @ConfigProperty(name = "mp.messaging.incoming.match-suggestions.dead-letter-queue.topic") String topic) {
        return DeadLetterSource.of(topic, consumers::handleSuggestion);
    }

    @Produces
    @ApplicationScoped
    @Unremovable
    @jakarta.inject.Named("hub-profiles-dlq")
    DeadLetterSource hubProfiles(EventConsumers consumers,
                                 @ConfigProperty(name = "mp.messaging.incoming.hub-profiles.dead-letter-queue.topic") String topic) {
        return DeadLetterSource.of(topic, consumers::handleHubProfile);
    }

    @Produces
    @ApplicationScoped
    @Unremovable
    @jakarta.inject.Named("partnerships-dlq")
    DeadLetterSource partnerships(EventConsumers consumers,
                                  @ConfigProperty(name = "mp.messaging.incoming.partnerships.dead-letter-queue.topic") String topic) {
        return DeadLetterSource.of(topic, consumers::handlePartnership);
    }
}
