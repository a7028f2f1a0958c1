package io.hashpipe.saver.testing;

import io.hashpipe.saver.SaverConfig;
import io.hashpipe.saver.internals.ApiEndpoint;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Endpoints as the saver's configuration builds them, for tests of the client and the dispatcher. */
public final class Endpoints {

    private Endpoints() {
    }

    /** The endpoint of {@code url} with the other settings given as key, value pairs (saver keys). */
    public static ApiEndpoint of(URI url, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put(SaverConfig.DB_URL, url.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new SaverConfig(props).endpoint();
    }
}
