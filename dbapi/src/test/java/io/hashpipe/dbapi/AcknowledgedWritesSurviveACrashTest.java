package io.hashpipe.dbapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged row is in the H2 file even when the process dies right after the answer. */
class AcknowledgedWritesSurviveACrashTest {

    @Test
    void acknowledgedRowsSurviveAProcessCrash(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashAfterAcks.class.getName(), dir.toString(), "50").redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        assertTrue(output.contains("acked 100"), output);
        try (DbApiServer reopened = TestServers.start(TestServers.h2Url(dir), new SimpleMeterRegistry(), Map.of())) {
            assertEquals(100, reopened.store().count());
        }
    }
}
