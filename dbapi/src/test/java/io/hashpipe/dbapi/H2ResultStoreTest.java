package io.hashpipe.dbapi;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The store tests on an H2 file database (the default database). */
class H2ResultStoreTest extends ResultStoreContract {

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        startServer(TestServers.h2Url(dir));
    }
}
