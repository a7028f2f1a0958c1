package io.hashpipe.dbapi;

/** The database behind the database API could not be read or written; the message names the cause. */
public class ResultStoreException extends RuntimeException {

    public ResultStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
