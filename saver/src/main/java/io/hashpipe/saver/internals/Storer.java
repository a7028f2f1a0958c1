package io.hashpipe.saver.internals;

import io.hashpipe.saver.internals.Outcome.Kind;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one group of records to the API in one request, to the write endpoint for one record (its JSON or
 * its bare hash, with the id in the {@code Idempotency-Key} header) and to the bulk endpoint for more, and
 * reads the answer into per-record outcomes.
 *
 * <p>The returned future never fails: connection errors and timeouts become {@link Kind#UNAVAILABLE}
 * outcomes (a TLS trust failure {@link Kind#MISCONFIGURED}). It completes on a Netty event loop, so the
 * answer is parsed there, off the consumer's thread.
 */
public final class Storer {

    private final DbApiClient client;
    private final ApiEndpoint endpoint;
    private final ResponseReader reader;
    private final SaverMetrics metrics;

    public Storer(DbApiClient client, ApiEndpoint endpoint, SaverMetrics metrics) {
        this.client = client;
        this.endpoint = endpoint;
        this.reader = new ResponseReader(endpoint.success());
        this.metrics = metrics;
    }

    public CompletableFuture<Answer> store(List<PendingRecord> records) {
        boolean single = records.size() == 1;
        long start = System.nanoTime();
        CompletableFuture<DbApiResponse> sent = single ? storeOne(records.get(0))
                : client.post(endpoint.batchTarget(), batchBody(records), HttpHeaderValues.APPLICATION_JSON, null);
        return sent.handle((response, error) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                boolean timeout = cause instanceof DbApiTimeoutException;
                metrics.request(timeout ? "timeout" : "error", took);
                Outcome failure = Outcome.failed(untrusted(cause) ? Kind.MISCONFIGURED : Kind.UNAVAILABLE, 0, describe(cause), null);
                return timeout ? Answer.timedOut(records.size(), failure) : Answer.failedWhole(records.size(), failure);
            }
            metrics.request(Integer.toString(response.status()), took);
            return single ? reader.single(response) : reader.batch(response, records.stream().map(PendingRecord::id).toList());
        });
    }

    private CompletableFuture<DbApiResponse> storeOne(PendingRecord record) {
        return endpoint.body() == ApiEndpoint.Body.HASH && record.hash() != null // other processors' results have no bcrypt hash
                ? client.post(endpoint.writeTarget(), record.hash().getBytes(StandardCharsets.UTF_8), HttpHeaderValues.TEXT_PLAIN, record.id())
                : client.post(endpoint.writeTarget(), record.body(), HttpHeaderValues.APPLICATION_JSON, record.id());
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

    /**
     * Whether the TLS handshake failed on the API's certificate (not trusted, or not for that host), which a
     * restart of the API does not mend; a handshake cut short by a restarting API is an outage instead.
     */
    private static boolean untrusted(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
