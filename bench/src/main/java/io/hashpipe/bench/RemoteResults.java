package io.hashpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hashpipe.common.Json;
import io.hashpipe.dbapi.ResultStore;
import io.hashpipe.dbapi.ResultStoreException;
import io.hashpipe.dbapi.StoredResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The rows of known ids in an existing database API, read with {@code GET /results/{id}}: what the bench
 * verifies when it does not own the database.
 */
final class RemoteResults implements ResultStore {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final List<String> ids;

    RemoteResults(URI uri, Collection<String> ids) {
        this.uri = uri;
        this.ids = List.copyOf(ids);
    }

    @Override
    public long count() {
        return ids.stream().filter(id -> find(id).isPresent()).count();
    }

    @Override
    public Optional<StoredResult> find(String id) {
        URI resource = uri.resolve("/results/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(resource).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new ResultStoreException("GET " + resource + " answered " + response.statusCode() + ": " + response.body(), null);
            }
            JsonNode row = Json.mapper().readTree(response.body());
            return Optional.of(new StoredResult(row.path("id").asText(), row.path("hash").asText(), null, null, null, null, null));
        } catch (IOException e) {
            throw new ResultStoreException("Cannot read " + resource + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResultStoreException("Interrupted while reading " + resource, e);
        }
    }

    @Override
    public void forEach(Consumer<StoredResult> action) {
        ids.forEach(id -> find(id).ifPresent(action));
    }
}
