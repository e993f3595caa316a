/**
 * Dead letters of a service's Kafka consumers, listed and replayed by an admin.
 * <p>
 * To use it in a service: depend on {@code org.amhub:dead-letters}; add the {@code dead_letter_replay} table to the
 * service's Flyway migrations (DDL in {@code org/amhub/deadletters/dead_letter_replay.sql}); and produce one
 * {@link org.amhub.deadletters.DeadLetterSource} bean per dead-letter topic, whose handler is the consumer's own
 * idempotent handling of a record (mark the producer {@code @Unremovable}):
 * <pre>{@code
 * @Produces @ApplicationScoped @Unremovable @Named("suggestions-dlq")
 * DeadLetterSource suggestions(EventConsumers consumers) {
 *     return DeadLetterSource.of("amhub.match-suggestions.v1.notifications-dlq", consumers::handleSuggestion);
 * }
 * }</pre>
 * The service then has {@code GET /api/admin/dead-letters}, {@code POST /api/admin/dead-letters/{id}/replay} and
 * {@code POST /api/admin/dead-letters/replay} (role {@code admin}), the gauge {@code amhub_dead_letters_pending{topic}}
 * and the readiness check {@code dead-letters} ({@code amhub.dead-letters.*} settings in {@link
 * org.amhub.deadletters.DeadLettersConfig}). The Kafka client takes the service's {@code kafka.*} configuration.
 */
package org.amhub.deadletters;
