package io.hashpipe.saver.internals;

/** A consumed record is not a storable result (not JSON of a Result, or without id or hash); it goes to the dead letters. */
public final class InvalidResultException extends Exception {

    public InvalidResultException(String message) {
        super(message);
    }
}
