package io.hashpipe.saver.internals;

import io.hashpipe.common.DbApiContract;
import io.hashpipe.saver.SaverConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where and how the saver writes: the write and bulk request targets on one origin, the extra headers, the
 * body shape, the statuses that mean stored, and the TLS context for {@code https://}.
 *
 * <p>Built once from the configuration, which it validates (a bad URL, headers file or trust store fails
 * the start naming its key). An empty path or {@code /} in {@code saver.db.url} is hashpipe's dbapi at that
 * base: {@value DbApiContract#ADD} and {@value DbApiContract#ADD_BATCH}. Immutable.
 *
 * @param hostHeader  the {@code Host} header: host, and the port unless it is the scheme's default
 * @param writeTarget the request target of one result: path and query
 * @param batchTarget the request target of a bulk request, or null when it cannot be derived (then bulk mode is refused)
 * @param ssl         the client TLS context, or null for {@code http://}
 */
public record ApiEndpoint(String host, int port, String hostHeader, String writeTarget, String batchTarget, ExtraHeaders headers,
                          Body body, SuccessStatuses success, SslContext ssl, String describe) {

    /** What a request for one result carries. */
    public enum Body {
        /** The result's JSON (hashpipe's records), {@code application/json}. */
        JSON,
        /** The bare hash string, {@code text/plain} (the classic experiment's own API); the id travels in the header only. */
        HASH
    }

    /** Builds and checks the endpoint of {@code config}; every failure names the key it comes from. */
    public static ApiEndpoint of(SaverConfig config) {
        URI write = parse(SaverConfig.DB_URL, config.getString(SaverConfig.DB_URL));
        boolean https = "https".equalsIgnoreCase(write.getScheme());
        int port = port(write);
        String hostHeader = port == (https ? 443 : 80) ? write.getHost() : write.getHost() + ":" + port;
        String writeTarget = isBase(write.getRawPath()) ? DbApiContract.ADD + query(write) : write.getRawPath() + query(write);
        String batchTarget = batchTarget(config.getString(SaverConfig.DB_BATCH_URL), write, writeTarget);
        ExtraHeaders headers;
        try {
            headers = ExtraHeaders.parse(config.getPassword(SaverConfig.DB_HEADER).value(), "--db-header",
                    config.getString(SaverConfig.DB_HEADER_FILE));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().contains("headers file") ? SaverConfig.DB_HEADER_FILE : SaverConfig.DB_HEADER;
            Object shown = key.equals(SaverConfig.DB_HEADER) ? config.getPassword(key) : config.getString(key);
            throw new ConfigException(key, shown, e.getMessage());
        }
        Body body = Body.valueOf(config.getString(SaverConfig.DB_BODY).strip().toUpperCase(Locale.ROOT));
        SuccessStatuses success = SuccessStatuses.parse(config.getString(SaverConfig.SUCCESS_STATUS));
        // A trust store given with an http:// URL is still checked: a typo should not wait for the switch to https.
        SslContext tls = https || !config.getString(SaverConfig.DB_TRUSTSTORE).isBlank() ? ssl(config) : null;
        SslContext ssl = https ? tls : null;
        String describe = write.getScheme().toLowerCase(Locale.ROOT) + "://" + hostHeader + writeTarget;
        return new ApiEndpoint(write.getHost(), port, hostHeader, writeTarget, batchTarget, headers, body, success, ssl, describe);
    }

    /**
     * Checks a write or bulk URL: {@code http://} or {@code https://}, a host, no user info (credentials go in
     * a header, not in a URL that {@code ps} shows), no fragment.
     */
    public static URI parse(String key, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException | NullPointerException e) {
            throw new ConfigException(key, text, "Must be an http(s) URL such as http://127.0.0.1:8080/add");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(key, text, "Must be an http:// or https:// URL, such as http://127.0.0.1:8080/add");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ConfigException(key, text, "Must name a host, such as http://127.0.0.1:8080/add");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(key, "[hidden]", "Must not carry credentials (user:password@): send them with "
                    + "--db-header 'Authorization: ...' or --db-header-file, which stay out of ps and logs");
        }
        if (uri.getRawFragment() != null) {
            throw new ConfigException(key, text, "Must not have a #fragment");
        }
        return uri;
    }

    /** Whether a URL path means "hashpipe's dbapi at this base". */
    static boolean isBase(String rawPath) {
        return rawPath == null || rawPath.isEmpty() || rawPath.equals("/");
    }

    private static String batchTarget(String given, URI write, String writeTarget) {
        if (given != null && !given.isBlank()) {
            URI batch = parse(SaverConfig.DB_BATCH_URL, given);
            if (!batch.getScheme().equalsIgnoreCase(write.getScheme()) || !batch.getHost().equalsIgnoreCase(write.getHost())
                    || port(batch) != port(write)) {
                throw new ConfigException(SaverConfig.DB_BATCH_URL, given, "Must have the scheme, host and port of "
                        + SaverConfig.DB_URL + " (" + write.getScheme() + "://" + write.getRawAuthority() + "): one connection pool serves both");
            }
            return (isBase(batch.getRawPath()) ? DbApiContract.ADD_BATCH : batch.getRawPath()) + query(batch);
        }
        String path = isBase(write.getRawPath()) ? DbApiContract.ADD : write.getRawPath();
        return DbApiContract.bulkPathOf(path) == null ? null : DbApiContract.bulkPathOf(path) + query(write);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String query(URI uri) {
        return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }

    /** The JDK's default trust store, or the one {@code saver.db.truststore} names. */
    private static SslContext ssl(SaverConfig config) {
        String path = config.getString(SaverConfig.DB_TRUSTSTORE).strip();
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm("HTTPS");
        if (!path.isEmpty()) {
            try {
                char[] password = config.getPassword(SaverConfig.DB_TRUSTSTORE_PASSWORD).value().toCharArray();
                KeyStore store = KeyStore.getInstance(new File(path), password.length == 0 ? null : password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                builder.trustManager(trust);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new ConfigException(SaverConfig.DB_TRUSTSTORE, path, "Cannot load the trust store (PKCS12 or JKS, with "
                        + SaverConfig.DB_TRUSTSTORE_PASSWORD + " if it has one): " + e.getMessage());
            }
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new ConfigException(SaverConfig.DB_URL, config.getString(SaverConfig.DB_URL), "Cannot set up TLS: " + e.getMessage());
        }
    }
}
