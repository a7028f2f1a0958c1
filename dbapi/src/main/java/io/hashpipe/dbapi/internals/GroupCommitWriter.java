package io.hashpipe.dbapi.internals;

import io.hashpipe.dbapi.ResultStoreException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writer threads drain queues of pending rows and insert up to {@code maxRows} of them in
 * one transaction, then complete each row's future, so that many concurrent writes share one commit.
 *
 * <p>Each id always goes to the same writer, so two transactions never race for one id (H2 would fail
 * one of them on the lock instead of waiting). A row is acknowledged only after its transaction
 * committed. When a batch fails on one bad row, its rows are retried one by one so the others still go in.
 */
public final class GroupCommitWriter implements RowWriter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Pending rows per writer; beyond it writes fail fast (503) instead of piling up in memory. */
    private static final int QUEUE_CAPACITY = 20_000;
    /** How long {@link #close()} waits for the writers to store what is queued. */
    private static final long DRAIN_TIMEOUT_MS = 30_000;

    private record Pending(NewResult row, CompletableFuture<Boolean> stored) {
    }

    private final DataSource dataSource;
    private final int maxRows;
    private final DbApiMetrics metrics;
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    /** Set by {@link #close()}: refuse new rows, store the queued ones, stop. */
    private volatile boolean closing;

    public GroupCommitWriter(DataSource dataSource, int writerCount, int maxRows, DbApiMetrics metrics) {
        this.dataSource = dataSource;
        this.maxRows = maxRows;
        this.metrics = metrics;
        for (int i = 0; i < writerCount; i++) {
            BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            queues.add(queue);
            Thread writer = new Thread(() -> drain(queue), "hashpipe-dbapi-writer-" + i);
            writer.setDaemon(true);
            writers.add(writer);
        }
    }

    public void start() {
        writers.forEach(Thread::start);
    }

    @Override
    public CompletableFuture<Boolean> write(NewResult row) {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        if (closing) {
            stored.completeExceptionally(new IllegalStateException("the database API is shutting down"));
        } else if (!queues.get(Math.floorMod(row.id().hashCode(), queues.size())).offer(new Pending(row, stored))) {
            stored.completeExceptionally(new IllegalStateException("the write queue is full (" + QUEUE_CAPACITY
                    + " rows waiting for the database)"));
        }
        return stored;
    }

    /** Stores what is queued, stops the writers, and fails what could not be stored. Idempotent. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
        for (Thread writer : writers) {
            try {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            writer.interrupt();
        }
        // A row offered while the writers stopped would wait forever: fail it.
        for (BlockingQueue<Pending> queue : queues) {
            for (Pending pending; (pending = queue.poll()) != null; ) {
                pending.stored().completeExceptionally(new IllegalStateException("the database API stopped before storing it"));
            }
        }
    }

    private void drain(BlockingQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>(maxRows);
        while (true) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxRows - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Group commit of {} rows failed unexpectedly; they are not stored", batch.size(), e);
                batch.forEach(pending -> pending.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            complete(batch, insert(batch));
        } catch (BatchUpdateException e) {
            if (batch.size() == 1) {
                fail(batch, e);
            } else {
                log.warn("Group commit of {} rows failed ({}); retrying them one by one", batch.size(), e.getMessage());
                commitOneByOne(batch);
            }
        } catch (SQLException e) {
            fail(batch, e);
        }
    }

    private void commitOneByOne(List<Pending> batch) {
        for (int i = 0; i < batch.size(); i++) {
            List<Pending> one = batch.subList(i, i + 1);
            try {
                complete(one, insert(one));
            } catch (BatchUpdateException e) {
                fail(one, e);
            } catch (SQLException e) {
                // Not this row but the database: the rest would fail the same way, one timeout each.
                fail(batch.subList(i, batch.size()), e);
                return;
            }
        }
    }

    private void complete(List<Pending> batch, boolean[] stored) {
        int storedCount = 0;
        for (boolean s : stored) {
            storedCount += s ? 1 : 0;
        }
        metrics.committed(batch.size(), storedCount);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(stored[i]);
        }
    }

    /** Inserts and commits the batch; element i says whether row i was new. */
    private boolean[] insert(List<Pending> batch) throws SQLException {
        Instant storedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(ResultsTable.INSERT)) {
                for (Pending pending : batch) {
                    ResultsTable.bind(insert, pending.row(), storedAt);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                connection.commit();
                boolean[] stored = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    stored[i] = counts[i] != 0;
                }
                return stored;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private static void fail(List<Pending> batch, SQLException e) {
        log.warn("Could not store {} rows: {}", batch.size(), e.getMessage());
        ResultStoreException failure = new ResultStoreException("database write failed: " + e.getMessage(), e);
        batch.forEach(pending -> pending.stored().completeExceptionally(failure));
    }
}
