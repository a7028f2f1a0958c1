package io.hashpipe.bench;

import io.hashpipe.common.DbApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classic strategies' database client: the JDK's {@link HttpClient}, one {@code POST /add} per hash
 * with the bare hash as the body (what the classic experiment's clients send) and the task id as the
 * {@code Idempotency-Key}, so that each row can be checked against its task.
 *
 * <p>A 503 or 429 (the database's concurrency or rate limit) is sent again after {@value #RETRY_DELAY_MS} ms
 * and counted; any other answer but 200 fails the run.
 */
final class DbClient {

    /** Delay before a refused request is sent again: short, because the limits free up within a latency. */
    static final long RETRY_DELAY_MS = 20;

    private final HttpClient client;
    private final URI add;
    private final Executor retryDelay = CompletableFuture.delayedExecutor(RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
    /** Results the database acknowledged. */
    final AtomicLong stored = new AtomicLong();
    /** Requests refused with 503/429 and sent again. */
    final AtomicLong retries = new AtomicLong();

    DbClient(URI base) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.add = base.resolve(DbApiContract.ADD);
    }

    /** Stores {@code hash} under {@code id}; completes when the database acknowledged it. */
    CompletableFuture<Void> post(String id, String hash) {
        HttpRequest request = HttpRequest.newBuilder(add).timeout(Duration.ofSeconds(60))
                .header(DbApiContract.IDEMPOTENCY_KEY, DbApiContract.encodeKey(id)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(hash)).build();
        return send(request);
    }

    /** Stores {@code hash} under {@code id} and waits for the answer. */
    void postAndWait(String id, String hash) {
        try {
            post(id, hash).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private CompletableFuture<Void> send(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            int status = response.statusCode();
            if (status == 200) {
                stored.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }
            if (status == 503 || status == 429) {
                retries.incrementAndGet();
                return CompletableFuture.runAsync(() -> { }, retryDelay).thenCompose(ignored -> send(request));
            }
            throw new IllegalStateException("POST " + add + " answered " + status + ": " + response.body());
        });
    }
}
