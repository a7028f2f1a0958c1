package io.hashpipe.dbapi.internals;

import io.hashpipe.dbapi.StoredResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The {@code results} table: its schema and the SQL that writes and reads it, in the dialect that H2
 * (MODE=PostgreSQL) and PostgreSQL share.
 */
public final class ResultsTable {

    public static final String CREATE = "CREATE TABLE IF NOT EXISTS results ("
            + "id VARCHAR(255) PRIMARY KEY, "
            + "hash VARCHAR(255), "
            + "difficulty INTEGER, "
            + "hashed_at TIMESTAMP WITH TIME ZONE, "
            + "hash_micros BIGINT, "
            + "hasher VARCHAR(255), "
            + "stored_at TIMESTAMP WITH TIME ZONE NOT NULL, "
            + "processor VARCHAR(40), "
            + "output TEXT)";

    /**
     * Brings a table made before processors existed up to {@link #CREATE}: two nullable columns, and no NOT NULL
     * on {@code hash} (other processors' rows have none). Each statement is idempotent and keeps every row.
     */
    static final String[] MIGRATE = {
        "ALTER TABLE results ADD COLUMN IF NOT EXISTS processor VARCHAR(40)",
        "ALTER TABLE results ADD COLUMN IF NOT EXISTS output TEXT",
        "ALTER TABLE results ALTER COLUMN hash DROP NOT NULL",
    };

    /**
     * Idempotent insert: update count 1 when stored, 0 when the id was there. H2 accepts ON CONFLICT only
     * without a conflict target; the primary key is the table's only unique constraint, so it is the same.
     */
    public static final String INSERT = "INSERT INTO results "
            + "(id, hash, difficulty, hashed_at, hash_micros, hasher, stored_at, processor, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING";

    public static final String SELECT = "SELECT id, hash, difficulty, hashed_at, hash_micros, hasher, stored_at, processor, output FROM results";
    public static final String FIND = SELECT + " WHERE id = ?";
    public static final String COUNT = "SELECT COUNT(*) FROM results";

    private ResultsTable() {
    }

    /** Creates the table when it is missing, and migrates one made before processors existed. */
    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
            for (String migration : MIGRATE) {
                statement.execute(migration);
            }
        }
    }

    /** Binds {@code row} to the parameters of {@link #INSERT}. */
    public static void bind(PreparedStatement insert, NewResult row, Instant storedAt) throws SQLException {
        insert.setString(1, row.id());
        insert.setString(2, row.hash());
        insert.setObject(3, row.difficulty(), Types.INTEGER);
        insert.setObject(4, toTimestamp(row.hashedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setObject(5, row.hashMicros(), Types.BIGINT);
        insert.setString(6, row.hasher());
        insert.setObject(7, toTimestamp(storedAt), Types.TIMESTAMP_WITH_TIMEZONE);
        insert.setString(8, row.processor());
        insert.setString(9, row.output());
    }

    /** The row at the cursor of a {@link #SELECT}. */
    public static StoredResult read(ResultSet rows) throws SQLException {
        return new StoredResult(rows.getString(1), rows.getString(2), rows.getObject(3, Integer.class),
                toInstant(rows.getObject(4, OffsetDateTime.class)), rows.getObject(5, Long.class), rows.getString(6),
                toInstant(rows.getObject(7, OffsetDateTime.class)), rows.getString(8), rows.getString(9));
    }

    private static OffsetDateTime toTimestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant toInstant(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
