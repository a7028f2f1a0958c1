package io.hashpipe.dbapi.internals;

import io.hashpipe.dbapi.ResultStore;
import io.hashpipe.dbapi.ResultStoreException;
import io.hashpipe.dbapi.StoredResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Reads the {@code results} table through a connection pool. */
public final class JdbcResultStore implements ResultStore {

    /** Rows fetched per round trip when streaming. */
    private static final int FETCH_SIZE = 1_000;

    private final DataSource dataSource;

    public JdbcResultStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long count() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(ResultsTable.COUNT);
             ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new ResultStoreException("Cannot count the stored results: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredResult> find(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(ResultsTable.FIND)) {
            find.setString(1, id);
            try (ResultSet rows = find.executeQuery()) {
                return rows.next() ? Optional.of(ResultsTable.read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ResultStoreException("Cannot read result " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(Consumer<StoredResult> action) {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL streams with a cursor only inside a transaction; H2 ignores both settings.
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(ResultsTable.SELECT)) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        action.accept(ResultsTable.read(rows));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new ResultStoreException("Cannot read the stored results: " + e.getMessage(), e);
        }
    }
}
