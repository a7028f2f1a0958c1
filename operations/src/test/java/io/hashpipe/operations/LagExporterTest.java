package io.hashpipe.operations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.common.CommonConfigs;
import io.hashpipe.common.Service;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LagExporter}'s lifecycle: running while its reads succeed, never running while none can. */
@ExtendWith(KafkaFixture.class)
class LagExporterTest {

    @Test
    void anExporterThatReadsIsRunningAndStopsWhenClosed(KafkaCluster kafka) {
        LagExporter exporter = new LagExporter(config(kafka.bootstrapServers()), new SimpleMeterRegistry());
        assertEquals(Service.State.CREATED, exporter.state(), "nothing opened before start");
        exporter.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> exporter.state() == Service.State.RUNNING);
        exporter.close(Duration.ofSeconds(10));
        assertEquals(Service.State.STOPPED, exporter.state());
    }

    @Test
    void anExporterWhoseReadsFailIsNeverRunning() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LagExporter exporter = new LagExporter(config("127.0.0.1:" + closedPort), new SimpleMeterRegistry());
        exporter.start();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> exporter.state() == Service.State.STARTING);
        exporter.close(Duration.ofSeconds(30));
        assertEquals(Service.State.STOPPED, exporter.state());
    }

    /** A listener told on the reading thread (its first read's RUNNING) may close the exporter: no join of itself. */
    @Test
    void aListenerOnTheReadingThreadMayCloseTheExporter(KafkaCluster kafka) throws InterruptedException {
        // A long interval: the watch's first check is far off, so the first read's turn reports RUNNING on the reader.
        LagExporter exporter = new LagExporter(config(kafka.bootstrapServers(), "60000"), new SimpleMeterRegistry());
        AtomicReference<String> closedOn = new AtomicReference<>();
        exporter.addStateListener((now, before) -> {
            if (now == Service.State.RUNNING && closedOn.compareAndSet(null, Thread.currentThread().getName())) {
                exporter.close(Duration.ofSeconds(60));
            }
        });
        exporter.start();
        assertTrue(exporter.awaitStopped(Duration.ofSeconds(30)), "closed from its own thread without waiting for itself");
        assertEquals("hashpipe-exporter", closedOn.get());
        assertEquals(Service.State.STOPPED, exporter.state());
    }

    private static ExporterConfig config(String bootstrap) {
        return config(bootstrap, "200");
    }

    private static ExporterConfig config(String bootstrap, String intervalMs) {
        return new ExporterConfig(Map.of(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap,
                ExporterConfig.GROUPS, "lag-" + UUID.randomUUID(), ExporterConfig.INTERVAL_MS, intervalMs));
    }
}
