package io.hashpipe.operations;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * {@code hashpipe status}'s connection: an admin client that waits at most the given time for the brokers'
 * first answer, then reads the {@link PipelineStatus} as often as asked. Used by one thread.
 */
public final class StatusWatch implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final int timeoutSeconds;

    private StatusWatch(KafkaAccess kafka, int timeoutSeconds) {
        Map<String, Object> props = kafka.clientProperties();
        props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "hashpipe-status");
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(15_000, timeoutSeconds * 1000));
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5_000, timeoutSeconds * 1000));
        this.admin = Admin.create(props);
        this.bootstrapServers = kafka.bootstrapServers();
        this.timeoutSeconds = timeoutSeconds;
    }

    /** An admin client on {@code kafka}'s brokers; nothing is asked of them yet. */
    public static StatusWatch open(KafkaAccess kafka, int timeoutSeconds) {
        return new StatusWatch(kafka, timeoutSeconds);
    }

    /** Fails with one line naming the address and the flag when no broker answers in time. */
    public void awaitBroker() throws InterruptedException {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutSeconds * 1000)).clusterId()
                    .get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new KafkaException("No Kafka broker answered at " + bootstrapServers + " within " + timeoutSeconds
                    + " s: check --bootstrap-servers (and --kafka-config for TLS or SASL)");
        }
    }

    /** The status screen now. */
    public String read(List<PipelineStatus.Stage> stages, URI dbBase) {
        return PipelineStatus.read(admin, stages, dbBase);
    }

    /**
     * The database API's base: {@code url} without a trailing {@code /add}, as the saver takes it.
     *
     * @throws IllegalArgumentException when {@code url} has no scheme or host, saying what is expected
     */
    public static URI dbBase(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return URI.create(uri.toString().replaceFirst("/add/?$", "").replaceFirst("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be an http(s) URL such as http://127.0.0.1:8080 (" + e.getMessage() + ")", e);
        }
    }

    /** Closes the admin client without the default wait: a broker that never answered has nothing to finish. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
