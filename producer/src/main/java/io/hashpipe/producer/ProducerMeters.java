package io.hashpipe.producer;

/**
 * The producer's published meter names (Micrometer; in Prometheus, dots become underscores and counters end
 * in {@code _total}). Dashboards, the launcher and tests read them from here.
 */
public final class ProducerMeters {

    /** Counter of tasks the broker acknowledged, base unit {@link #TASKS_SENT_UNIT}. */
    public static final String TASKS_SENT = "hashpipe.producer.tasks.sent";
    /** The base unit of {@link #TASKS_SENT} (in Prometheus: {@code hashpipe_producer_tasks_sent_tasks_total}). */
    public static final String TASKS_SENT_UNIT = "tasks";

    private ProducerMeters() {
    }
}
