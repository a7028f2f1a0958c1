package io.hashpipe.dbapi.internals;

/** A client's mistake in a request; the message says what is wrong and is sent back in the 400 answer. */
public class BadRequestException extends Exception {

    public BadRequestException(String message) {
        super(message);
    }
}
