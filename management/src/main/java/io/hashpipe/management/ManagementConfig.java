package io.hashpipe.management;

import io.hashpipe.common.CommonConfigs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The management endpoint's keys, shared by every service command: {@code management.port} is
 * {@code --management-port} and {@code HASHPIPE_MANAGEMENT_PORT}, {@code management.bind.address} is
 * {@code --management-bind-address}.
 *
 * <p>Off (0) by default: several services often run on one host (two hashers, say), where one fixed default
 * port would clash. When on, it listens on 127.0.0.1 unless told otherwise, as the database API does: the
 * metrics name hosts, topics and groups. The compose file sets {@link #COMPOSE_PORT} on 0.0.0.0 in every
 * container, for Prometheus.
 */
public final class ManagementConfig extends AbstractConfig {

    /** TCP port of {@code /metrics} and {@code /health}; 0 turns the endpoint off. */
    public static final String PORT = "management.port";
    /** Address the endpoint listens on. */
    public static final String BIND_ADDRESS = "management.bind.address";
    /** The port every service uses in the compose file (each container has its own address). */
    public static final int COMPOSE_PORT = 9404;

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(PORT, Type.INT, 0, ConfigDef.Range.between(0, 65_535), Importance.MEDIUM,
                    "Port of the management endpoint (GET /metrics in Prometheus format, GET /health, /health/live,"
                            + " /health/ready); 0 for none.")
            .define(BIND_ADDRESS, Type.STRING, "127.0.0.1", new CommonConfigs.ResolvableAddress(), Importance.MEDIUM,
                    "Address of the management endpoint: 127.0.0.1 for this machine only, 0.0.0.0 for every interface"
                            + " (a Prometheus on another host).");

    public ManagementConfig(Map<String, ?> values) {
        super(CONFIG_DEF, values);
    }

    /** The port, or 0 when the endpoint is off. */
    public int port() {
        return getInt(PORT);
    }

    /** The address to listen on. */
    public String bindAddress() {
        return getString(BIND_ADDRESS);
    }
}
