package io.hashpipe.dbapi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link AcknowledgedWritesSurviveACrashTest}: stores rows through a server on an H2
 * file, prints how many were acknowledged, and halts the JVM without any shutdown (like kill -9).
 */
public final class CrashAfterAcks {

    private CrashAfterAcks() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        DbApiServer server = TestServers.start(TestServers.h2Url(dir), new SimpleMeterRegistry(), Map.of());
        Http http = new Http(server.uri());
        int acked = 0;
        for (int i = 0; i < rows; i++) {
            acked += Http.json(http.post("/add", TestHashes.H, "Idempotency-Key", "single-" + i)).get("stored").asBoolean() ? 1 : 0;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            items.add("{\"id\": \"batch-" + i + "\", \"hash\": \"" + TestHashes.H + "\"}");
        }
        for (var item : Http.json(http.post("/add/batch", "[" + String.join(",", items) + "]")).get("results")) {
            acked += item.path("stored").asBoolean() ? 1 : 0;
        }
        System.out.println("acked " + acked);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
