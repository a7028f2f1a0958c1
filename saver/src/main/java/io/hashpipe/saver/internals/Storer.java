package io.hashpipe.saver.internals;

import io.hashpipe.common.DbApiContract;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one group of records to the database API in one request, {@code POST /add} for one record and
 * {@code POST /add/batch} for more, and reads the answer into per-record outcomes.
 *
 * <p>The returned future never fails: connection errors and timeouts become transient outcomes. It completes
 * on a Netty event loop, so the answer is parsed there, off the consumer's thread.
 */
public final class Storer {

    public static final String ADD = DbApiContract.ADD;
    public static final String ADD_BATCH = DbApiContract.ADD_BATCH;

    private final DbApiClient client;
    private final SaverMetrics metrics;

    public Storer(DbApiClient client, SaverMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    public CompletableFuture<Answer> store(List<PendingRecord> records) {
        boolean single = records.size() == 1;
        List<String> ids = records.stream().map(PendingRecord::id).toList();
        long start = System.nanoTime();
        CompletableFuture<DbApiResponse> sent = single
                ? client.post(ADD, records.get(0).body(), records.get(0).id())
                : client.post(ADD_BATCH, batchBody(records), null);
        return sent.handle((response, error) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                boolean timeout = cause instanceof DbApiTimeoutException;
                metrics.request(timeout ? "timeout" : "error", took);
                Outcome failure = Outcome.failed(true, 0, describe(cause), null);
                return timeout ? Answer.timedOut(records.size(), failure) : Answer.failedWhole(records.size(), failure);
            }
            metrics.request(Integer.toString(response.status()), took);
            return single ? ResponseReader.single(response) : ResponseReader.batch(response, ids);
        });
    }

    /** A JSON array of the records' bodies, joined as bytes without parsing them again. */
    static byte[] batchBody(List<PendingRecord> records) {
        int size = 2 + records.size();
        for (PendingRecord r : records) {
            size += r.body().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(records.get(i).body());
        }
        out.write(']');
        return out.toByteArray();
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
