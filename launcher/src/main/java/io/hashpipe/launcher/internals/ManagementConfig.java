package io.hashpipe.launcher.internals;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The management endpoint's keys, shared by every service command: {@code management.port} is
 * {@code --management-port} and {@code HASHPIPE_MANAGEMENT_PORT}.
 *
 * <p>Off (0) by default: several services often run on one host (two hashers, say), where one fixed default
 * port would clash. The compose file sets it to {@link #COMPOSE_PORT} in every container.
 */
public final class ManagementConfig extends AbstractConfig {

    /** TCP port of {@code /metrics} and {@code /health}; 0 turns the endpoint off. */
    public static final String PORT = "management.port";
    /** The port every service uses in the compose file (each container has its own address). */
    public static final int COMPOSE_PORT = 9404;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(PORT, Type.INT, 0, ConfigDef.Range.between(0, 65_535), Importance.MEDIUM,
                    "Port of the management endpoint (GET /metrics in Prometheus format, GET /health, /health/live,"
                            + " /health/ready); 0 for none.");

    public ManagementConfig(Map<String, ?> values) {
        super(CONFIG_DEF, values);
    }

    /** The port, or 0 when the endpoint is off. */
    public int port() {
        return getInt(PORT);
    }
}
