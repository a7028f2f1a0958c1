package io.hashpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.DbApiContract;
import io.hashpipe.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The database API's experiment knobs as read from {@code GET /admin/settings}, and the capacity bound they
 * imply: {@code maxConcurrency / latency} requests per second, or {@code maxRps}, whichever is lower.
 *
 * @param latencyMs      the API's latency per write
 * @param maxConcurrency writes in progress at most; 0 = unbounded
 * @param maxRps         writes per second at most; 0 = unbounded
 */
public record DbApiSettings(int latencyMs, int maxConcurrency, int maxRps) {

    /**
     * Reads the settings of the API at {@code baseUrl} with its admin token; null when it does not answer them
     * (no token, admin off, or a server that speaks only the classic contract), since the bound is then unknown
     * rather than an error.
     *
     * @param adminToken the API's {@code --admin-token}, or null or empty for none
     */
    public static DbApiSettings read(URI baseUrl, String adminToken) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + DbApiContract.ADMIN_SETTINGS.substring(1)))
                .timeout(Duration.ofSeconds(5)).GET();
        if (adminToken != null && !adminToken.isBlank()) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode knobs = Json.mapper().readTree(response.body());
            return new DbApiSettings(knobs.path("latencyMs").asInt(0), knobs.path("maxConcurrency").asInt(0), knobs.path("maxRps").asInt(0));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Requests per second the API can answer at most; {@code Double.POSITIVE_INFINITY} when nothing bounds it. */
    public double requestsPerSecond() {
        double byConcurrency = maxConcurrency > 0 && latencyMs > 0 ? maxConcurrency * 1000.0 / latencyMs : Double.POSITIVE_INFINITY;
        double byRate = maxRps > 0 ? maxRps : Double.POSITIVE_INFINITY;
        return Math.min(byConcurrency, byRate);
    }

    /** One line describing the bound, e.g. {@code maxConcurrency 500 / latency 100 ms = 5000 requests/s}. */
    public String describe() {
        String concurrency = maxConcurrency > 0 ? "maxConcurrency " + maxConcurrency : "maxConcurrency unbounded";
        String rate = maxRps > 0 ? ", maxRps " + maxRps : ", maxRps unbounded";
        double bound = requestsPerSecond();
        return concurrency + " / latency " + latencyMs + " ms" + rate + " = "
                + (Double.isInfinite(bound) ? "unbounded" : String.format("%.0f requests/s", bound));
    }
}
