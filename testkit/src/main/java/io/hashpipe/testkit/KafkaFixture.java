package io.hashpipe.testkit;

import io.hashpipe.broker.EmbeddedBroker;
import io.hashpipe.broker.EmbeddedBrokerConfig;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The JUnit 5 Kafka fixture: one real broker per test JVM, shared by every test class that uses
 * {@code @ExtendWith(KafkaFixture.class)} and injected as a {@link KafkaCluster} parameter.
 *
 * <p>Testcontainers' {@code apache/kafka} container where a Docker engine answers, otherwise Apache
 * Kafka's own KRaft broker in this JVM. The system property {@value #KIND_PROPERTY} forces one:
 * {@code testcontainers}, {@code embedded} or {@code auto} (the default).
 */
public final class KafkaFixture implements BeforeAllCallback, ParameterResolver {

    /** System property that picks the broker: {@code auto}, {@code embedded} or {@code testcontainers}. */
    public static final String KIND_PROPERTY = "hashpipe.test.kafka";
    /** The image Testcontainers runs; same major version as the clients. */
    public static final String IMAGE = "apache/kafka:4.4.0";

    private static final Logger log = LoggerFactory.getLogger(KafkaFixture.class);
    private static final String STORE_KEY = KafkaFixture.class.getName();

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(STORE_KEY, key -> start(), Running.class);
    }

    private static Running start() {
        String kind = System.getProperty(KIND_PROPERTY, "auto");
        switch (kind) {
            case "embedded":
                return embedded();
            case "testcontainers":
                return container();
            case "auto":
                if (DockerClientFactory.instance().isDockerAvailable()) {
                    return container();
                }
                log.info("Kafka fixture: no Docker engine answers, so the broker runs embedded (set -D{}=testcontainers to insist)", KIND_PROPERTY);
                return embedded();
            default:
                throw new IllegalArgumentException("Invalid value " + kind + " for system property " + KIND_PROPERTY
                        + ": must be auto, embedded or testcontainers");
        }
    }

    private static Running embedded() {
        EmbeddedBroker broker = new EmbeddedBroker(new EmbeddedBrokerConfig(Map.of(
                EmbeddedBrokerConfig.PORT, "0", EmbeddedBrokerConfig.DATA_DIR, "")));
        broker.start();
        log.info("Kafka fixture: embedded KRaft broker at {}", broker.bootstrapServers());
        return new Running(broker.bootstrapServers(), "embedded", broker);
    }

    private static Running container() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        log.info("Kafka fixture: Testcontainers {} at {}", IMAGE, container.getBootstrapServers());
        return new Running(container.getBootstrapServers(), "testcontainers", container::stop);
    }

    /** The broker kept in the root store; JUnit closes it when the test JVM's run ends. */
    private static final class Running implements KafkaCluster, AutoCloseable {
        private final String bootstrapServers;
        private final String kind;
        private final AutoCloseable resource;

        Running(String bootstrapServers, String kind, AutoCloseable resource) {
            this.bootstrapServers = bootstrapServers;
            this.kind = kind;
            this.resource = resource;
        }

        @Override
        public String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
