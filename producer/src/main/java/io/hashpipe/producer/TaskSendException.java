package io.hashpipe.producer;

/**
 * Some tasks could not be sent even after the Kafka client's own retries (broker down for longer than
 * {@code delivery.timeout.ms}, topic missing, not authorized...). Tasks acknowledged before the failure
 * are on the topic; the rest are not.
 */
public final class TaskSendException extends RuntimeException {

    private final long acknowledged;

    public TaskSendException(String message, long acknowledged, Throwable cause) {
        super(message, cause);
        this.acknowledged = acknowledged;
    }

    /** How many tasks the broker acknowledged before sending stopped. */
    public long acknowledged() {
        return acknowledged;
    }
}
