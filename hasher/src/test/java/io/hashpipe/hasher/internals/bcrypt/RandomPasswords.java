package io.hashpipe.hasher.internals.bcrypt;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random passwords for comparing bcrypts: 0 to 72 UTF-8 bytes of ASCII, Latin-1, other BMP characters and emoji. */
final class RandomPasswords {

    private RandomPasswords() {
    }

    /**
     * A password of a random length up to 72 UTF-8 bytes, often exactly 72: the multi-byte characters
     * set the high bit that the {@code $2a$} and {@code $2x$} sign-extension paths react to.
     */
    static String upTo72Bytes(Random random) {
        int budget = random.nextInt(4) == 0 ? 72 : random.nextInt(73);
        StringBuilder s = new StringBuilder();
        int bytes = 0;
        while (bytes < budget) {
            int kind = random.nextInt(4);
            int codePoint = kind == 0 ? 0x20 + random.nextInt(0x5f) : kind == 1 ? 0xa0 + random.nextInt(0x60)
                    : kind == 2 ? 0x400 + random.nextInt(0x4000) : 0x1f600 + random.nextInt(0x50);
            int length = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > budget) {
                codePoint = 0x20 + random.nextInt(0x5f); // fill the rest with ASCII, to reach the budget exactly
                length = 1;
            }
            s.appendCodePoint(codePoint);
            bytes += length;
        }
        return s.toString();
    }
}
