package io.hashpipe.cli;

/** A command-line option or environment variable whose value breaks its rule; the message says which and why. */
public final class InvalidOptionException extends RuntimeException {

    public InvalidOptionException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidOptionException(String message) {
        super(message);
    }
}
