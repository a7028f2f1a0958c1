package io.hashpipe.management;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A service's observability, for the launcher's commands or any program that embeds a service: the
 * Prometheus registry the service reports to (with JVM and process meters, tagged {@code service} and
 * {@code host}), its {@link Health}, and the HTTP endpoint serving both when a management port is set.
 *
 * <p>The hashpipe timers publish histogram buckets, so that Prometheus can compute percentiles across
 * replicas ({@code histogram_quantile}); the services themselves need not know.
 */
public final class Management implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final Health health;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ManagementServer server;

    private Management(String service, String bindAddress, int port, Tags tags) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.health = new Health(service);
        registry.config().commonTags(Tags.of("service", service, "host", hostname()).and(tags)).meterFilter(timerHistograms());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.server = port == 0 ? null : ManagementServer.start(bindAddress, port, registry, health);
    }

    /**
     * Starts the registry, its meters tagged {@code service}, {@code host} and {@code tags}, and, unless
     * {@code port} is 0, the endpoint on {@code bindAddress:port}.
     */
    public static Management start(String service, String bindAddress, int port, Tags tags) {
        return new Management(service, bindAddress, port, tags);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Health health() {
        return health;
    }

    /** The endpoint's port, or 0 when it is off. */
    public int port() {
        return server == null ? 0 : server.address().getPort();
    }

    /** The address the endpoint listens on, or null when it is off. */
    public InetSocketAddress address() {
        return server == null ? null : server.address();
    }

    /** Stops the endpoint; the registry stays readable. */
    @Override
    public void close() {
        health.stopping();
        if (server != null) {
            server.close();
        }
        gcMetrics.close();
    }

    /** The container's hostname in compose (its id), so that each replica's series is its own. */
    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static MeterFilter timerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("hashpipe.")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(30).toNanos())
                        .build().merge(config);
            }
        };
    }
}
