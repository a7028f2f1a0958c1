package io.hashpipe.operations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static ExporterConfig config(String bootstrap) {
        return new ExporterConfig(Map.of(CommonConfigs.BOOTSTRAP_SERVERS, bootstrap,
                ExporterConfig.GROUPS, "lag-" + UUID.randomUUID(), ExporterConfig.INTERVAL_MS, "200"));
    }
}
