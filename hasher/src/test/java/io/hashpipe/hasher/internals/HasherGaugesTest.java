package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hashpipe.hasher.HasherMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.junit.jupiter.api.Test;

/** Several hashers in one registry (run, bench) each keep their own gauges. */
class HasherGaugesTest {

    @Test
    void twoHashersInOneRegistryHaveABusyAndALagGaugeEach() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HashWorkers first = new HashWorkers(1, "hasher-a", "results", "tasks.dlq", registry, false, () -> { });
        HashWorkers second = new HashWorkers(1, "hasher-b", "results", "tasks.dlq", registry, false, () -> { });
        try (MockConsumer<byte[], byte[]> a = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
             MockConsumer<byte[], byte[]> b = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name())) {
            LagGauge.register(registry, a, "hasher-a");
            LagGauge.register(registry, b, "hasher-b");
            assertEquals(Set.of("hasher-a", "hasher-b"), hashers(registry, HasherMeters.BUSY));
            assertEquals(Set.of("hasher-a", "hasher-b"), hashers(registry, HasherMeters.LAG));
        } finally {
            first.shutdown(Duration.ZERO);
            second.shutdown(Duration.ZERO);
        }
    }

    private static Set<String> hashers(SimpleMeterRegistry registry, String name) {
        return registry.find(name).gauges().stream().map(Gauge::getId).map(id -> id.getTag("hasher")).collect(Collectors.toSet());
    }
}
