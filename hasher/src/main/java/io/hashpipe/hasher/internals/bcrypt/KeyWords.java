package io.hashpipe.hasher.internals.bcrypt;

import java.util.Arrays;

/**
 * The 32-bit words bcrypt XORs into the P-array, computed once per hash: Spring's BCrypt recomputes them
 * byte by byte in each of the 2^cost expansions, though they never change (each expansion starts reading
 * the key at its first byte).
 *
 * <p>Mirrors Spring's {@code streamtowords}, including the sign-extension variant of {@code $2x$} and the
 * {@code $2a$} countermeasure ({@code sign}) applied once in the salted expansion.
 *
 * @param key        the password's 18 words (sign-extended for {@code $2x$})
 * @param salt       the salt's 18 words, for the salt expansions of the loop
 * @param saltStream the salt's 4 words, streamed into the salted expansion's enciphers
 * @param sign       XORed into P[0] once, in the salted expansion
 */
record KeyWords(int[] key, int[] salt, int[] saltStream, int sign) {

    /** The words of {@code password} (its UTF-8 bytes, at most 72) with {@code salt}, as its revision reads them. */
    static KeyWords of(byte[] password, Salt salt) {
        // Every revision this handles (a, b, x, y) appends a NUL to the key.
        byte[] key = Arrays.copyOf(password, password.length + 1);
        boolean signExtBug = salt.minor() == 'x';
        int safety = salt.minor() == 'a' ? 0x10000 : 0;
        int[] words = new int[18];
        int offset = 0;
        int sign = 0;
        int diff = 0;
        for (int i = 0; i < 18; i++) {
            int word = 0;
            int buggy = 0;
            for (int b = 0; b < 4; b++) {
                word = (word << 8) | (key[offset] & 0xff);
                buggy = (buggy << 8) | key[offset]; // sign-extends, as the $2x$ bug did
                if (b > 0) {
                    sign |= buggy & 0x80;
                }
                offset = (offset + 1) % key.length;
            }
            diff |= word ^ buggy;
            words[i] = signExtBug ? buggy : word;
        }
        diff |= diff >> 16;
        diff &= 0xffff;
        diff += 0xffff;
        sign <<= 9;
        sign &= ~diff & safety;
        byte[] saltBytes = salt.bytes();
        int[] stream = new int[4];
        for (int i = 0; i < 4; i++) {
            stream[i] = ((saltBytes[4 * i] & 0xff) << 24) | ((saltBytes[4 * i + 1] & 0xff) << 16)
                    | ((saltBytes[4 * i + 2] & 0xff) << 8) | (saltBytes[4 * i + 3] & 0xff);
        }
        int[] saltWords = new int[18];
        for (int i = 0; i < 18; i++) {
            saltWords[i] = stream[i & 3];
        }
        return new KeyWords(words, saltWords, stream, sign);
    }
}
