package io.hashpipe.operations;

import io.hashpipe.common.CommonConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/** Settings of {@code hashpipe exporter}: the cluster, the groups whose lag it reports, and how often it reads. */
public final class ExporterConfig extends AbstractConfig {

    /** Consumer groups to report; empty for every consumer group on the cluster ({@code --groups}). */
    public static final String GROUPS = "exporter.groups";
    /** How often the offsets are read ({@code --interval-ms}). */
    public static final String INTERVAL_MS = "exporter.interval.ms";

    /** Every key with its type, default, rule and doc. */
    public static final ConfigDef CONFIG_DEF = CommonConfigs.withKafka(new ConfigDef()
            .define(GROUPS, Type.LIST, "", ConfigDef.ValidList.anyNonDuplicateValues(true, false), Importance.HIGH,
                    "Consumer groups whose lag to report, comma-separated; empty for every consumer group on the cluster.")
            .define(INTERVAL_MS, Type.INT, 5_000, ConfigDef.Range.between(100, 3_600_000), Importance.MEDIUM,
                    "How often the groups' committed offsets and the partitions' end offsets are read, in milliseconds."));

    public ExporterConfig(Map<String, ?> values) {
        super(CONFIG_DEF, values);
    }

    public List<String> groups() {
        return getList(GROUPS);
    }

    public Duration interval() {
        return Duration.ofMillis(getInt(INTERVAL_MS));
    }
}
