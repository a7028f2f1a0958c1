package io.hashpipe.common;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The wire contract of hashpipe's database API, spelled once for both sides: the server ({@code dbapi}), its
 * clients (the saver, the bench) and the tests that run one against the other.
 *
 * <ul>
 *   <li>{@code POST /add}: one result, as a bare hash string or a result JSON; the id in the
 *       {@value #IDEMPOTENCY_KEY} header (percent-encoded, see {@link #encodeKey}) or the JSON {@code id}.
 *       Answers {@code 200 {"id": ..., "stored": true|false}}; {@code stored:false} means the id was already
 *       there (a success).</li>
 *   <li>{@code POST /add/batch}: a JSON array of results. Answers {@code 200 {"results": [...]}} with one item
 *       per result, in order: {@code {"id", "stored"}}, or {@code {"id", "error", "status"}} where the item's
 *       {@code status} says whether sending it again can help ({@value #ITEM_REJECTED}: no, the item is bad;
 *       {@value #ITEM_UNAVAILABLE}: yes, the database failed).</li>
 *   <li>Errors of a whole request: a 4xx or 5xx with {@code {"error": ..., "status": ...}}; 429 and 503
 *       carry {@code Retry-After}.</li>
 * </ul>
 */
public final class DbApiContract {

    /** Stores one result. */
    public static final String ADD = "/add";
    /** Stores an array of results, answering per item. */
    public static final String ADD_BATCH = "/add/batch";
    /** The number of stored rows: {@code {"count": n}}. */
    public static final String COUNT = "/count";
    /** Prefix of one stored row's path; the rest of the path is the id. */
    public static final String RESULTS_PREFIX = "/results/";
    /** {@code {"status": "UP"}} while the API answers. */
    public static final String HEALTH = "/health";
    /** The experiment's knobs: GET reads them, PUT changes them. */
    public static final String ADMIN_SETTINGS = "/admin/settings";

    /** Header carrying a write's id (percent-encoded UTF-8), which makes the write idempotent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Field of a result and of every answer item: the id. */
    public static final String FIELD_ID = "id";
    /** Field of a result: the hash. */
    public static final String FIELD_HASH = "hash";
    /** Field of an answer item: whether the row was new (false: it was already there). */
    public static final String FIELD_STORED = "stored";
    /** Field of an error answer and of a refused item: the reason. */
    public static final String FIELD_ERROR = "error";
    /** Field of an error answer and of a refused item: the HTTP status that applies. */
    public static final String FIELD_STATUS = "status";
    /** Field of a batch answer: the items. */
    public static final String FIELD_RESULTS = "results";

    /** A refused batch item's status when the item itself is bad: sending it again cannot help. */
    public static final int ITEM_REJECTED = 400;
    /** A refused batch item's status when the database failed: send it again later. */
    public static final int ITEM_UNAVAILABLE = 503;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DbApiContract() {
    }

    /**
     * The bulk path that belongs to a write path of this API: {@code .../add} is {@code .../add/batch} (the API
     * may sit behind a path prefix); null for any other path, whose bulk endpoint only its owner can name.
     */
    public static String bulkPathOf(String writePath) {
        return writePath.endsWith(ADD) ? writePath + ADD_BATCH.substring(ADD.length()) : null;
    }

    /**
     * The {@value #IDEMPOTENCY_KEY} header value of {@code id}: its UTF-8 bytes percent-encoded, every byte
     * but RFC 3986's unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) as {@code %XX}. Plain ids (UUIDs,
     * {@code task-17}) are unchanged; any other id (spaces at its ends, characters beyond ISO-8859-1) still
     * travels in an HTTP header byte for byte.
     */
    public static String encodeKey(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The id that {@link #encodeKey} encoded into {@code header}; a header without {@code %} is the id as it
     * is (what a client that does not encode sends).
     *
     * @throws IllegalArgumentException when a {@code %} is not followed by two hex digits, or the bytes are
     *                                  not UTF-8; the message says which
     */
    public static String decodeKey(String header) {
        if (header.indexOf('%') < 0) {
            return header;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    throw new IllegalArgumentException("a percent-encoded " + IDEMPOTENCY_KEY + " must be ASCII, found U+"
                            + String.format("%04X", (int) c) + " at " + i);
                }
                bytes.write(c);
                continue;
            }
            int hi = i + 1 < header.length() ? Character.digit(header.charAt(i + 1), 16) : -1;
            int lo = i + 2 < header.length() ? Character.digit(header.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("'%' at " + i + " of the " + IDEMPOTENCY_KEY
                        + " is not followed by two hex digits (the header is percent-encoded UTF-8)");
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the percent-encoded " + IDEMPOTENCY_KEY + " is not UTF-8");
        }
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
