package io.hashpipe.dbapi.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.hashpipe.dbapi.DbApiMeters;
import io.hashpipe.dbapi.ResultStoreException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit against an in-memory H2: batching, duplicates within a batch, a bad row, failures, close. */
class GroupCommitWriterTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DbApiMetrics metrics = new DbApiMetrics(registry, new Experiment(new Knobs(0, 0, 0, 0, 0.0, 0.0)));
    final HikariDataSource pool = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
            2, new SimpleMeterRegistry());
    final JdbcResultStore store = new JdbcResultStore(pool);

    @AfterEach
    void closePool() {
        pool.close();
    }

    static NewResult row(String id) {
        return new NewResult(id, "h-" + id, null, null, null, null);
    }

    /** One writer, rows queued before it starts: the batches are exactly maxRows, maxRows, rest. */
    @Test
    void queuedRowsAreCommittedInBatchesOfAtMostMaxRows() {
        GroupCommitWriter writer = new GroupCommitWriter(pool, 1, 40, metrics);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            stored.add(writer.write(row("r" + i)));
        }
        writer.start();
        stored.forEach(s -> assertTrue(s.join()));
        writer.close();
        DistributionSummary commits = registry.get(DbApiMeters.COMMIT_ROWS).summary();
        assertEquals(3, commits.count());
        assertEquals(40.0, commits.max());
        assertEquals(100, store.count());
    }

    @Test
    void sameIdTwiceInOneBatchIsStoredOnce() {
        GroupCommitWriter writer = new GroupCommitWriter(pool, 1, 10, metrics);
        CompletableFuture<Boolean> first = writer.write(row("same"));
        CompletableFuture<Boolean> second = writer.write(new NewResult("same", "other", 4, null, null, null));
        writer.start();
        assertTrue(first.join());
        assertFalse(second.join());
        writer.close();
        assertEquals("h-same", store.find("same").orElseThrow().hash());
        assertEquals(1.0, registry.get(DbApiMeters.ROWS_DUPLICATE).counter().count());
        assertEquals(1.0, registry.get(DbApiMeters.COMMIT_ROWS).summary().count(), "one transaction");
    }

    @Test
    void badRowFailsAloneAndTheRestOfItsBatchIsStored() {
        GroupCommitWriter writer = new GroupCommitWriter(pool, 1, 10, metrics);
        CompletableFuture<Boolean> before = writer.write(row("before"));
        CompletableFuture<Boolean> tooLong = writer.write(row("x".repeat(300)));
        CompletableFuture<Boolean> after = writer.write(row("after"));
        writer.start();
        assertTrue(before.join());
        CompletionException failure = assertThrows(CompletionException.class, tooLong::join);
        assertInstanceOf(ResultStoreException.class, failure.getCause());
        assertTrue(after.join());
        writer.close();
        assertEquals(2, store.count());
    }

    @Test
    void unavailableDatabaseFailsTheWrite() {
        GroupCommitWriter writer = new GroupCommitWriter(pool, 1, 10, metrics);
        writer.start();
        pool.close();
        CompletionException failure = assertThrows(CompletionException.class, () -> writer.write(row("lost")).join());
        assertInstanceOf(ResultStoreException.class, failure.getCause());
        writer.close();
    }

    @Test
    void closeStoresWhatIsQueuedAndRefusesNewRows() {
        GroupCommitWriter writer = new GroupCommitWriter(pool, 2, 5, metrics);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stored.add(writer.write(row("q" + i)));
        }
        writer.start();
        writer.close();
        stored.forEach(s -> assertTrue(s.isDone() && s.join()));
        assertEquals(50, store.count());
        assertThrows(CompletionException.class, () -> writer.write(row("late")).join());
        writer.close();
    }
}
