package org.amhub.deadletters;

/** Where a letter sits: {@code topic:partition:offset} (Kafka topic names cannot contain a colon). */
public record DeadLetterId(String topic, int partition, long offset) {

    public static DeadLetterId parse(String id) {
        int last = id == null ? -1 : id.lastIndexOf(':');
        int middle = last <= 0 ? -1 : id.lastIndexOf(':', last - 1);
        if (middle <= 0) {
            throw new IllegalArgumentException("A dead-letter id is topic:partition:offset, not '" + id + "'");
        }
        try {
            return new DeadLetterId(id.substring(0, middle), Integer.parseInt(id.substring(middle + 1, last)),
                    Long.parseLong(id.substring(last + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A dead-letter id is topic:partition:offset, not '" + id + "'");
        }
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
