package io.hashpipe.api;

/**
 * "This input is bad": the task cannot be processed however often it is tried, so it goes to the dead-letter
 * topic at once, with {@link #code()} and the message as its reason headers.
 */
public class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The code of a bad input unless a processor names another. */
    public static final String DEFAULT_CODE = "BadInput";

    private final String code;

    /** @param reason what is wrong, naming the field and the rule (e.g. "field width must be 1 to 4096, got 0") */
    public BadInputException(String reason) {
        this(DEFAULT_CODE, reason);
    }

    /**
     * @param code   a short name of the kind of problem, e.g. {@code UnsupportedFormat}, for counting dead
     *               letters by kind
     * @param reason what is wrong, naming the field and the rule
     */
    public BadInputException(String code, String reason) {
        super(reason);
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a bad input's code must not be blank");
        }
        this.code = code;
    }

    /** The short name of the problem, the dead letter's error class. */
    public String code() {
        return code;
    }
}
