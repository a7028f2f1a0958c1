package io.hashpipe.operations;

/** The lag exporter's published meter names and tags (Micrometer; in Prometheus, dots become underscores). */
public final class ExporterMeters {

    /** Gauge per group and partition: records between the group's committed offset and the last stable offset. */
    public static final String GROUP_LAG = "hashpipe.group.lag";
    /** {@link #GROUP_LAG} as Prometheus names it, for help texts (annotation values must be constants). */
    public static final String GROUP_LAG_SERIES = "hashpipe_group_lag";
    /** Tag: the consumer group. */
    public static final String TAG_GROUP = "group";
    /** Tag: the topic. */
    public static final String TAG_TOPIC = "topic";
    /** Tag: the partition number. */
    public static final String TAG_PARTITION = "partition";

    private ExporterMeters() {
    }
}
