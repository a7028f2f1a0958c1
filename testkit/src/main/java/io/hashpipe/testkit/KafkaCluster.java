package io.hashpipe.testkit;

/** A running Kafka broker that a test can connect to. */
public interface KafkaCluster {

    /** The {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Which fixture runs it: {@code testcontainers} or {@code embedded}. */
    String kind();
}
