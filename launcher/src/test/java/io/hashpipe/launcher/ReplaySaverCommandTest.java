package io.hashpipe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hashpipe.dbapi.DbApiConfig;
import io.hashpipe.dbapi.DbApiServer;
import io.hashpipe.testkit.KafkaCluster;
import io.hashpipe.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code hashpipe replay saver}: appends synthetic results, stores them all with a fresh group, reports the rate. */
@ExtendWith(KafkaFixture.class)
class ReplaySaverCommandTest {

    @Test
    void generatedResultsAreAllStoredAndCounted(KafkaCluster kafka) throws Exception {
        DbApiServer db = new DbApiServer(new DbApiConfig(Map.of(DbApiConfig.PORT, "0", DbApiConfig.LATENCY_MS, "1",
                DbApiConfig.JDBC_URL, "jdbc:h2:mem:replay-saver-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")),
                new SimpleMeterRegistry());
        db.start();
        try (db) {
            String topic = "replay-results-" + UUID.randomUUID();
            CliRun outcome = CliRun.execute("replay", "saver", "--bootstrap-servers", kafka.bootstrapServers(), "--results-topic", topic,
                    "--db-url", db.uri() + "/add", "--generate-results", "30");

            assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
            assertTrue(outcome.out().contains("appended 30 synthetic results to " + topic), outcome.out());
            assertEquals(30, outcome.reported("records"), outcome.out());
            assertEquals(30, db.store().count());
        }
    }
}
