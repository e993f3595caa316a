package org.amhub.deadletters;

/**
 * What a service contributes for one of its dead-letter topics: the topic, and the consumer's own idempotent handler
 * that a replay runs in-process. A replay never re-publishes to the source topic: on a compacted topic that could
 * overwrite a newer value of the same key.
 */
public interface DeadLetterSource {

    /** The dead-letter topic, as in {@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}. */
    String deadLetterTopic();

    /**
     * Handles the letter as the consumer would have handled the original record. Throws when it still cannot be
     * handled; the letter then stays pending.
     */
    void replay(String key, String value) throws Exception;

    static DeadLetterSource of(String deadLetterTopic, Handler handler) {
        return new DeadLetterSource() {
            @Override
            public String deadLetterTopic() {
                return deadLetterTopic;
            }

            @Override
            public void replay(String key, String value) throws Exception {
                handler.handle(key, value);
            }
        };
    }

    @FunctionalInterface
    interface Handler {
        void handle(String key, String value) throws Exception;
    }
}
