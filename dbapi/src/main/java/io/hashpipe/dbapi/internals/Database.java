package io.hashpipe.dbapi.internals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hashpipe.dbapi.ResultStoreException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the connection pool of the database API and creates its schema. */
public final class Database {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** How long a writer or a read waits for a pooled connection before failing. */
    private static final long CONNECTION_TIMEOUT_MS = 10_000;

    private Database() {
    }

    /**
     * A pool of {@code poolSize} connections to {@code jdbcUrl}, with the {@code results} table created.
     *
     * @throws ResultStoreException when the database does not answer or the table cannot be created,
     *                              naming the URL (password hidden) and the cause
     */
    public static HikariDataSource open(String jdbcUrl, int poolSize, MeterRegistry registry) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hashpipe-dbapi");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setMetricRegistry(registry);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ResultStoreException("Cannot connect to the database " + redact(jdbcUrl) + ": " + rootMessage(e)
                    + "; check dbapi.jdbc.url (--jdbc-url) and that the database is running", e);
        }
        try (Connection connection = pool.getConnection()) {
            if (isH2(jdbcUrl)) {
                writeEveryCommit(connection, jdbcUrl);
            }
            ResultsTable.create(connection);
            return pool;
        } catch (SQLException e) {
            pool.close();
            throw new ResultStoreException("Cannot create table results in " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes H2 write each commit to its file before the commit returns. By default H2 writes committed
     * changes up to a second later, so a crash of the process would lose rows already acknowledged. Still
     * no fsync per commit: an operating system crash can lose the last commits (PostgreSQL does not).
     * An explicit WRITE_DELAY in the URL is left alone.
     */
    private static void writeEveryCommit(Connection connection, String jdbcUrl) {
        if (jdbcUrl.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            log.warn("Cannot SET WRITE_DELAY 0 on {} ({}): rows acknowledged in the last second before a crash may be lost",
                    redact(jdbcUrl), e.getMessage());
        }
    }

    private static boolean isH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length());
    }

    /** {@code jdbcUrl} with any password replaced by ***, for messages and logs. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
