package io.hashpipe.hasher.internals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share group's own settings, set on the group through {@link Admin#incrementalAlterConfigs} before
 * its first member fetches: a share group has no consumer-side {@code auto.offset.reset} or
 * {@code isolation.level}, the broker keeps them per group.
 *
 * <p>The keys are group configs (the broker's {@code GroupConfig}); kafka-clients has no constants for
 * them, so they are named here.
 */
public final class ShareGroupSettings {

    /** Where a new share group starts on each partition. */
    public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    /** Whether the group sees uncommitted (or aborted) transactional records. */
    public static final String ISOLATION_LEVEL = "share.isolation.level";
    /** Whether members may acknowledge with {@code RENEW} (on by default; set so that a broker default does not turn it off). */
    public static final String RENEW_ACKNOWLEDGE_ENABLE = "share.renew.acknowledge.enable";

    private static final Logger log = LoggerFactory.getLogger(ShareGroupSettings.class);
    private static final long TIMEOUT_SECONDS = 30;

    private ShareGroupSettings() {
    }

    /**
     * Sets {@code group} to start at the earliest offset (tasks sent before the first hasher started are
     * hashed too), to read committed records only, and to allow lock renewal.
     *
     * @throws IllegalStateException when the broker refuses or does not answer, naming the group and the cause
     */
    public static void apply(Admin admin, String group) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry(AUTO_OFFSET_RESET, "earliest"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(ISOLATION_LEVEL, "read_committed"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(RENEW_ACKNOWLEDGE_ENABLE, "true"), AlterConfigOp.OpType.SET));
        try {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Share group {}: {}=earliest, {}=read_committed, {}=true", group, AUTO_OFFSET_RESET, ISOLATION_LEVEL,
                    RENEW_ACKNOWLEDGE_ENABLE);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot set the configs of share group " + group + " (" + e.getCause()
                    + "); the broker must run Kafka 4.2 or newer with share groups enabled (feature share.version >= 1,"
                    + " kafka-features.sh upgrade --feature share.version=1)", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not answer within " + TIMEOUT_SECONDS
                    + " s when setting the configs of share group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting the configs of share group " + group, e);
        }
    }
}
