package io.hashpipe.common;

/**
 * The shape limits of hashpipe's records, declared once for every stage: what a task id, a password and a
 * bcrypt cost may be. A stage that meets a record outside them sends it to its dead letters with the reason
 * {@link #idProblem} or the stage's own check gives; the database API answers 400.
 */
public final class Limits {

    /** bcrypt's lowest cost (2^4 rounds). */
    public static final int MIN_DIFFICULTY = 4;
    /** bcrypt's highest cost (2^31 rounds). */
    public static final int MAX_DIFFICULTY = 31;
    /** bcrypt reads at most this many bytes of a password; Spring's BCrypt rejects longer ones. */
    public static final int MAX_PASSWORD_BYTES = 72;
    /** Longest task id, in UTF-16 characters (Java's {@code String.length()}). */
    public static final int MAX_ID_CHARS = 200;

    private Limits() {
    }

    /** Whether {@code cost} is a bcrypt cost at all. */
    public static boolean bcryptCost(int cost) {
        return cost >= MIN_DIFFICULTY && cost <= MAX_DIFFICULTY;
    }

    /**
     * Why {@code id} cannot be a task id, or null when it can: it must be non-blank, at most
     * {@value #MAX_ID_CHARS} characters, without control characters (they cannot be told apart in logs and
     * headers) and without unpaired surrogates (they have no UTF-8 form, so they would be stored as '?').
     *
     * @param what how to name the id in the reason, e.g. {@code field id}
     */
    public static String idProblem(String what, String id) {
        if (id == null || id.isBlank()) {
            return what + " is blank";
        }
        if (id.length() > MAX_ID_CHARS) {
            return what + " is " + id.length() + " characters long: at most " + MAX_ID_CHARS;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return what + " contains the control character U+" + String.format("%04X", (int) c) + " at " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return what + " contains an unpaired surrogate U+" + String.format("%04X", (int) c) + " at " + i + " (not Unicode text)";
            }
        }
        return null;
    }
}
