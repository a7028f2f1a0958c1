package io.hashpipe.dbapi;

import io.hashpipe.testkit.PostgresDatabase;
import io.hashpipe.testkit.PostgresFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store tests on PostgreSQL (a fresh database per test). */
@ExtendWith(PostgresFixture.class)
class PostgresResultStoreTest extends ResultStoreContract {

    @BeforeEach
    void start(PostgresDatabase db) {
        startServer(db.jdbcUrl());
    }
}
