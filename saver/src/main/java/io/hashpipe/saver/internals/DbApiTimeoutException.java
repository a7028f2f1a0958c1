package io.hashpipe.saver.internals;

import java.io.IOException;

/** The database API did not answer a request within {@code saver.request.timeout.ms}; the request is retried. */
public final class DbApiTimeoutException extends IOException {

    public DbApiTimeoutException(String message) {
        super(message);
    }
}
