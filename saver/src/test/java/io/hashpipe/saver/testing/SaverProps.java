package io.hashpipe.saver.testing;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.saver.SaverConfig;
import java.util.HashMap;
import java.util.Map;

/** The settings of a saver under test: its broker, topic, group and API, with short intervals so that tests run fast. */
public final class SaverProps {

    private SaverProps() {
    }

    /** A mutable map: the test's own settings go on top. */
    public static Map<String, Object> of(String bootstrap, String topic, String group, int partitions, String dbUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap);
        props.put(CommonConfigs.RESULTS_TOPIC, topic);
        props.put(CommonConfigs.GROUP, group);
        props.put(CommonConfigs.PARTITIONS, partitions);
        props.put(SaverConfig.DB_URL, dbUrl);
        props.put(SaverConfig.COMMIT_INTERVAL_MS, "200");
        props.put(SaverConfig.REQUEST_TIMEOUT_MS, "2000");
        props.put(SaverConfig.RETRY_BACKOFF_MS, "20");
        props.put(SaverConfig.RETRY_BACKOFF_MAX_MS, "200");
        props.put(SaverConfig.DRAIN_TIMEOUT_MS, "5000");
        return props;
    }
}
