package io.hashpipe.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The raw material of the corpus, drawn from one seeded {@link Random} so that every run sends the same
 * bytes: sequences that are not UTF-8, escapes of half a character, control characters, junk text, and
 * strings that look like a bcrypt hash but are not one.
 */
final class Malformations {

    /** Byte sequences that no UTF-8 decoder may accept; Jackson alone reads several of them as other text. */
    static final List<int[]> NOT_UTF8 = List.of(
            new int[] {0xC0, 0xAF}, new int[] {0xC1, 0xBF}, new int[] {0xE0, 0x80, 0xAF}, new int[] {0xF0, 0x80, 0x80, 0xAF},
            new int[] {0xED, 0xA0, 0x80}, new int[] {0xED, 0xBF, 0xBF}, new int[] {0xF4, 0x90, 0x80, 0x80},
            new int[] {0x80}, new int[] {0xBF}, new int[] {0xFE}, new int[] {0xFF}, new int[] {0xE2, 0x82}, new int[] {0xF0, 0x9F, 0x98});

    private static final String BASE64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final Random random;

    Malformations(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** {@code text} as UTF-8 with a sequence that is not UTF-8 in place of its first {@code marker}. */
    byte[] withBadUtf8(String text, char marker) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        int[] bad = NOT_UTF8.get(random.nextInt(NOT_UTF8.size()));
        byte[] out = new byte[bytes.length - 1 + bad.length];
        System.arraycopy(bytes, 0, out, 0, at);
        for (int i = 0; i < bad.length; i++) {
            out[at + i] = (byte) bad[i];
        }
        System.arraycopy(bytes, at + 1, out, at + bad.length, bytes.length - at - 1);
        return out;
    }

    /** A JSON escape of one unpaired surrogate, e.g. {@code \ud83d}. */
    String loneSurrogateEscape() {
        return String.format("\\u%04x", (random.nextBoolean() ? 0xD800 : 0xDC00) + random.nextInt(0x400));
    }

    /** A control character as a JSON escape (C0, DEL or C1). */
    String controlEscape() {
        int[] ranges = {random.nextInt(0x20), 0x7F, 0x80 + random.nextInt(0x20)};
        return String.format("\\u%04x", ranges[random.nextInt(ranges.length)]);
    }

    /** Lower-case letters. */
    String word(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return out.toString();
    }

    /** Printable ASCII that is neither JSON nor a hash. */
    String junk() {
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            out.append(i == 0 ? "" : " ").append(word(1 + random.nextInt(9)));
        }
        return out.append(random.nextBoolean() ? "!" : " ?").toString();
    }

    /** A well-formed bcrypt string of {@code cost}: the shape a hash must have (not a hash of anything). */
    String bcrypt(int cost) {
        StringBuilder out = new StringBuilder(String.format("$2%s$%02d$", "aby".charAt(random.nextInt(3)), cost));
        for (int i = 0; i < 53; i++) {
            out.append(BASE64.charAt(random.nextInt(BASE64.length())));
        }
        return out.toString();
    }

    /** Something that looks like a bcrypt hash but has not its shape: a wrong version, length, cost digits or alphabet. */
    String notBcrypt() {
        String hash = bcrypt(4 + random.nextInt(8));
        return switch (random.nextInt(6)) {
            case 0 -> "$2x$" + hash.substring(4);
            case 1 -> hash.substring(0, hash.length() - 1 - random.nextInt(20));
            case 2 -> hash + BASE64.charAt(random.nextInt(BASE64.length()));
            case 3 -> hash.substring(0, 30) + "+" + hash.substring(31);
            case 4 -> "$2a$" + random.nextInt(4) + "$" + hash.substring(7);
            default -> junk().replace(' ', '-');
        };
    }

    /** A bcrypt string whose cost bcrypt does not have: 00 to 03 or 32 to 99. */
    String bcryptOfNoCost() {
        int cost = random.nextBoolean() ? random.nextInt(4) : 32 + random.nextInt(68);
        return "$2a$" + String.format("%02d", cost) + bcrypt(4).substring(6);
    }
}
