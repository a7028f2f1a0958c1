package io.hashpipe.dbapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small HTTP/1.1 client of the database API for tests (java.net.http, real sockets). */
final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final URI base;
    /** Sent as {@code Authorization: Bearer <token>} with every request, or null. */
    private final String token;

    Http(URI base) {
        this(base, null);
    }

    private Http(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A client that sends the test servers' admin token ({@link TestServers#ADMIN_TOKEN}). */
    Http asAdmin() {
        return new Http(base, TestServers.ADMIN_TOKEN);
    }

    HttpResponse<String> get(String path) {
        return send(builder(path).GET().build());
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(postRequest(path, body, headers));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body, String... headers) {
        return client.sendAsync(postRequest(path, body, headers), BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) {
        return send(builder(path).method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build());
    }

    HttpRequest postRequest(String path, String body, String... headers) {
        HttpRequest.Builder builder = builder(path).POST(BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
