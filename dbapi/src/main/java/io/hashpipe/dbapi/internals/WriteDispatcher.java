package io.hashpipe.dbapi.internals;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.dbapi.internals.ResultParser.BatchItem;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes validated writes through the experiment's slow database: admission (503 over capacity, 429 over
 * the rate), injected faults, the write itself, and the latency, answering when both of the last two are
 * done. Nothing here blocks: the latency is a timer on the event loop, the write runs on the writers.
 */
public final class WriteDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WriteDispatcher.class);

    private final RowWriter writer;
    private final Experiment experiment;
    private final long timeoutHoldMillis;

    public WriteDispatcher(ServerContext context) {
        this.writer = context.writer();
        this.experiment = context.experiment();
        this.timeoutHoldMillis = context.timeoutHoldMillis();
    }

    /** {@code POST /add}: answers {@code {"id", "stored"}}. */
    public void add(Exchange exchange, NewResult row) {
        dispatch(exchange, () -> writer.write(row).thenApply(stored -> Reply.ok(new Reply.Added(row.id(), stored))));
    }

    /** {@code POST /add/batch}: answers one outcome per item, in order; refused items are not written. */
    public void addBatch(Exchange exchange, List<BatchItem> items) {
        dispatch(exchange, () -> storeAll(items));
    }

    private void dispatch(Exchange exchange, Supplier<CompletableFuture<Reply>> store) {
        Knobs knobs = experiment.knobs();
        switch (experiment.admit()) {
            case OVER_CONCURRENCY -> {
                exchange.answer(Reply.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "over capacity: "
                        + knobs.maxConcurrency() + " writes in progress (dbapi.max.concurrency); retry later", 1));
                return;
            }
            case OVER_RATE -> {
                exchange.answer(Reply.retryLater(HttpResponseStatus.TOO_MANY_REQUESTS, "over the rate limit of "
                        + knobs.maxRps() + " writes per second (dbapi.max.rps); retry later", experiment.retryAfterSeconds()));
                return;
            }
            case ADMITTED -> { }
        }
        CompletableFuture<Reply> reply;
        switch (experiment.drawFault()) {
            case TIMEOUT -> {
                experiment.release();
                exchange.hold(timeoutHoldMillis);
                return;
            }
            case ERROR -> reply = CompletableFuture.completedFuture(Reply.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "injected error (dbapi.error.rate): not stored; retry", 1));
            default -> reply = store.get();
        }
        CompletableFuture<Void> latency = exchange.delay(experiment.drawLatencyMillis());
        exchange.answerLater(reply.thenCombine(latency, (answer, ignored) -> answer), experiment::release);
    }

    /** A batch item the database failed: answered without the failure's details (the group commit logs them). */
    private static Reply.ItemError unavailable(BatchItem item, Throwable failure) {
        log.debug("Batch item {} not stored: {}", item.id(), Exchange.messageOf(failure));
        return new Reply.ItemError(item.id(), "not stored: the database is unavailable; retry", DbApiContract.ITEM_UNAVAILABLE);
    }

    private CompletableFuture<Reply> storeAll(List<BatchItem> items) {
        List<CompletableFuture<Object>> outcomes = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            outcomes.add(item.row() == null
                    ? CompletableFuture.completedFuture(new Reply.ItemError(item.id(), item.error(), DbApiContract.ITEM_REJECTED))
                    : writer.write(item.row()).handle((stored, failure) -> failure == null
                            ? new Reply.Added(item.id(), stored)
                            : unavailable(item, failure)));
        }
        return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> Reply.ok(new Reply.Batch(outcomes.stream().map(CompletableFuture::join).toList())));
    }
}
