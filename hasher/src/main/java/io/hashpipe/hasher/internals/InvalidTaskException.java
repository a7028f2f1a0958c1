package io.hashpipe.hasher.internals;

/**
 * A task record that cannot be hashed; it goes to the dead-letter topic with {@link #errorClass()} and the
 * message as headers.
 */
public final class InvalidTaskException extends Exception {

    /** The value is larger than {@code record.max.bytes}; it was not read. */
    public static final String RECORD_TOO_LARGE = "RecordTooLarge";
    /** The value is not JSON (or not UTF-8, or has a key twice, or more after the value). */
    public static final String MALFORMED_JSON = "MalformedJson";
    /** The value is JSON but not a valid task. */
    public static final String INVALID_TASK = "InvalidTask";

    private final String errorClass;

    public InvalidTaskException(String errorClass, String message) {
        super(message, null, false, false);
        this.errorClass = errorClass;
    }

    /** Short name of the failure, for the dead letter's {@code hashpipe.error.class} header. */
    public String errorClass() {
        return errorClass;
    }
}
