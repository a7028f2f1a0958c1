package io.hashpipe.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Injects a {@link PostgresDatabase}: a new database on the server at {@value #DEFAULT_ADMIN_URL} (CI
 * starts it), dropped after the test; where that server does not answer, a Testcontainers PostgreSQL when
 * Docker is available; otherwise the test is aborted with the reason (never silently passed).
 *
 * <p>The system property {@value #ADMIN_URL_PROPERTY} points at another server.
 */
public final class PostgresFixture implements ParameterResolver {

    /** System property: JDBC URL of a database on the server where test databases may be created. */
    public static final String ADMIN_URL_PROPERTY = "hashpipe.test.postgres.url";
    /** The local server of the development and CI machines, trust authentication. */
    public static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        String adminUrl = System.getProperty(ADMIN_URL_PROPERTY, DEFAULT_ADMIN_URL);
        String name = "hashpipe_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            return containerOrAbort(context, adminUrl, e);
        }
        String url = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        context.getStore(ExtensionContext.Namespace.create(PostgresFixture.class, name))
                .put(name, (AutoCloseable) () -> drop(adminUrl, name));
        return new PostgresDatabase(url);
    }

    private static PostgresDatabase containerOrAbort(ExtensionContext context, String adminUrl, SQLException cause) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            Assumptions.abort("PostgreSQL does not answer at " + adminUrl + " (" + cause.getMessage()
                    + ") and no Docker engine is available: start PostgreSQL (CI's .ci/run does) to run this test");
        }
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        context.getStore(ExtensionContext.Namespace.create(PostgresFixture.class))
                .put(container.getContainerId(), (AutoCloseable) container::stop);
        return new PostgresDatabase(container.getJdbcUrl() + "&user=" + container.getUsername()
                + "&password=" + container.getPassword());
    }

    private static void drop(String adminUrl, String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
