package io.hashpipe.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape limits of hashpipe's records, declared once for every stage: what a task id, a password, a
 * bcrypt cost and a bcrypt hash may be, and the defaults of the limits a stage may set
 * ({@link CommonConfigs#RECORD_MAX_BYTES}, {@link CommonConfigs#MAX_DIFFICULTY}). A stage that meets a
 * record outside them sends it to its dead letters with the reason these checks give; the database API
 * answers 400.
 *
 * <p>The id and password limits are fixed rather than settings: bcrypt reads at most 72 bytes, and the
 * database column holds 255 characters, so they bound what any stage can store.
 */
public final class Limits {

    /** bcrypt's lowest cost (2^4 rounds). */
    public static final int MIN_DIFFICULTY = 4;
    /** bcrypt's highest cost (2^31 rounds: about a day and a half per hash on one core). */
    public static final int MAX_DIFFICULTY = 31;
    /** Default of {@code max.difficulty}: 2^20 rounds, about a minute per hash on one core. */
    public static final int DEFAULT_MAX_DIFFICULTY = 20;
    /** bcrypt reads at most this many bytes of a password; Spring's BCrypt rejects longer ones. */
    public static final int MAX_PASSWORD_BYTES = 72;
    /** Longest task id, in UTF-16 characters (Java's {@code String.length()}). */
    public static final int MAX_ID_CHARS = 200;
    /** Default of {@code record.max.bytes}: a task or result is a few hundred bytes, 64 KiB leaves room. */
    public static final int DEFAULT_RECORD_MAX_BYTES = 64 * 1024;

    /** A bcrypt hash in modular crypt format: version, two-digit cost, 22 characters of salt, 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

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
        }
        int surrogate = unpairedSurrogateAt(id);
        if (surrogate >= 0) {
            return what + " contains an unpaired surrogate U+" + String.format("%04X", (int) id.charAt(surrogate))
                    + " at " + surrogate + " (not Unicode text)";
        }
        return null;
    }

    /**
     * Why {@code hash} is not a bcrypt hash of cost {@code difficulty}, or null when it is: {@code $2a$},
     * {@code $2b$} or {@code $2y$}, a two-digit cost from {@value #MIN_DIFFICULTY} to {@value #MAX_DIFFICULTY},
     * {@code $}, then 53 characters of bcrypt's base64 ({@code ./A-Za-z0-9}).
     *
     * @param what       how to name the hash in the reason, e.g. {@code field hash}
     * @param difficulty the cost the hash must have, or null when the record does not say
     */
    public static String hashProblem(String what, String hash, Integer difficulty) {
        Matcher bcrypt = BCRYPT.matcher(hash == null ? "" : hash);
        if (!bcrypt.matches()) {
            return what + " is not a bcrypt hash: expected $2a$, $2b$ or $2y$, a two-digit cost, $ and 53 characters"
                    + " of bcrypt's base64 (60 in all), got " + describe(hash);
        }
        int cost = Integer.parseInt(bcrypt.group(1));
        if (!bcryptCost(cost)) {
            return what + " has cost " + cost + ": bcrypt's cost is " + MIN_DIFFICULTY + " to " + MAX_DIFFICULTY;
        }
        if (difficulty != null && difficulty != cost) {
            return what + " has cost " + cost + " but the result's difficulty is " + difficulty;
        }
        return null;
    }

    /** The index of the first unpaired surrogate in {@code text}, or -1 when it is well-formed UTF-16. */
    static int unpairedSurrogateAt(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A bad value for a reason: short ones as they are, long ones by their length only. */
    private static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        if (value.length() > 64 || value.chars().anyMatch(Character::isISOControl)) {
            return "a text of " + value.length() + " characters";
        }
        return "'" + value + "'";
    }
}
