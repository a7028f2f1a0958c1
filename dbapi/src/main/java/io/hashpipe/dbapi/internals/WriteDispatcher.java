package io.hashpipe.dbapi.internals;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.dbapi.internals.ResultParser.BatchItem;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Takes validated writes through the experiment's slow database: admission (503 over capacity, 429 over
 * the rate), injected faults, the write itself, and the latency, answering when both of the last two are
 * done. Nothing here blocks: the latency is a timer on the event loop, the write runs on the writers.
 */
public final class WriteDispatcher {

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

    private CompletableFuture<Reply> storeAll(List<BatchItem> items) {
        List<CompletableFuture<Object>> outcomes = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            outcomes.add(item.row() == null
                    ? CompletableFuture.completedFuture(new Reply.ItemError(item.id(), item.error(), DbApiContract.ITEM_REJECTED))
                    : writer.write(item.row()).handle((stored, failure) -> failure == null
                            ? new Reply.Added(item.id(), stored)
                            : new Reply.ItemError(item.id(), "not stored: " + Exchange.messageOf(failure) + "; retry",
                                    DbApiContract.ITEM_UNAVAILABLE)));
        }
        return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> Reply.ok(new Reply.Batch(outcomes.stream().map(CompletableFuture::join).toList())));
    }
}
