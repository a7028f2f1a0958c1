package io.hashpipe.hasher.internals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A bcrypt that gives, for the same password and salt, exactly the string Spring Security's
 * {@link BCrypt#hashpw(String, String)} gives, with a tuned Blowfish key schedule: its 16 rounds unrolled, no
 * array for the (l, r) pair in the hot loop, the key words computed once per hash rather than once per
 * expansion, and the S-boxes reused per thread.
 *
 * <p>Measured in thread CPU time against Spring's, alternating the two (BENCHMARKS.md), it saves only about
 * 2-3%: C2 already compiles Spring's loop to nearly the same code, and what remains (the S-box range checks)
 * could not be removed from Java here (masking the indices with {@code S.length - 1} made it 12% slower).
 *
 * <p>It handles the salts {@code BCrypt.gensalt} makes ({@code $2a$}, {@code $2b$}, {@code $2y$}, {@code $2x$},
 * cost 4..31, 22 salt characters of bcrypt's base64); anything else is passed to Spring's BCrypt, so that
 * errors and odd inputs behave the same. The initial Blowfish state (the digits of pi) is read from Spring's
 * class once, so the two cannot differ.
 */
public final class FastBcrypt {

    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int[] P_ORIG = Pi.P;
    private static final int[] S_ORIG = Pi.S;
    /** "OrpheanBeholderScryDoubt", the text bcrypt enciphers 64 times. */
    private static final int[] CIPHERTEXT = {0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274};
    /** Each thread's S-boxes, 4 KiB overwritten by every hash. */
    private static final ThreadLocal<int[]> S_BOXES = ThreadLocal.withInitial(() -> new int[1024]);

    private FastBcrypt() {
    }

    /** The bcrypt hash of {@code password} with {@code salt} (a salt or a whole hash), as Spring's {@code BCrypt.hashpw}. */
    public static String hashpw(String password, String salt) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);
        Salt parsed = Salt.parse(salt);
        if (parsed == null) {
            return BCrypt.hashpw(password, salt);
        }
        if (passwordBytes.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password cannot be more than 72 bytes");
        }
        byte[] key = Arrays.copyOf(passwordBytes, passwordBytes.length + 1); // every supported minor appends a NUL
        byte[] raw = cryptRaw(key, parsed.bytes(), parsed.cost(), parsed.minor() == 'x', parsed.minor() == 'a' ? 0x10000 : 0);
        return parsed.format(raw);
    }

    private static byte[] cryptRaw(byte[] key, byte[] salt, int cost, boolean signExtBug, int safety) {
        int[] p = new int[18];
        int[] s = S_BOXES.get();
        System.arraycopy(P_ORIG, 0, p, 0, 18);
        System.arraycopy(S_ORIG, 0, s, 0, 1024);
        KeyWords words = KeyWords.of(key, salt, signExtBug, safety);
        expandWithSalt(p, s, words);
        long rounds = 1L << cost;
        for (long i = 0; i < rounds; i++) {
            expand(p, s, words.key());
            expand(p, s, words.salt());
        }
        int[] text = CIPHERTEXT.clone();
        int[] lr = new int[2];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 6; j += 2) {
                lr[0] = text[j];
                lr[1] = text[j + 1];
                encipher(p, s, lr);
                text[j] = lr[0];
                text[j + 1] = lr[1];
            }
        }
        byte[] raw = new byte[24];
        for (int i = 0; i < 6; i++) {
            raw[4 * i] = (byte) (text[i] >>> 24);
            raw[4 * i + 1] = (byte) (text[i] >>> 16);
            raw[4 * i + 2] = (byte) (text[i] >>> 8);
            raw[4 * i + 3] = (byte) text[i];
        }
        return raw;
    }

    /** bcrypt's first, salted expansion ({@code ekskey}): the key into P, then the salt words mixed into each encipher. */
    private static void expandWithSalt(int[] P, int[] S, KeyWords words) {
        int[] key = words.key();
        for (int i = 0; i < 18; i++) {
            P[i] ^= key[i];
        }
        P[0] ^= words.sign();
        int[] salt = words.saltStream();
        int[] lr = new int[2];
        int k = 0;
        for (int i = 0; i < 18; i += 2) {
            lr[0] ^= salt[k++ & 3];
            lr[1] ^= salt[k++ & 3];
            encipher(P, S, lr);
            P[i] = lr[0];
            P[i + 1] = lr[1];
        }
        for (int i = 0; i < 1024; i += 2) {
            lr[0] ^= salt[k++ & 3];
            lr[1] ^= salt[k++ & 3];
            encipher(P, S, lr);
            S[i] = lr[0];
            S[i + 1] = lr[1];
        }
    }

    /** One expansion of the expensive loop: the key words into P, then P and S re-enciphered in a chain. */
    private static void expand(int[] P, int[] S, int[] key) {
        for (int i = 0; i < 18; i++) {
            P[i] ^= key[i];
        }
        int[] lr = {0, 0};
        for (int i = 0; i < 18; i += 2) {
            encipher(P, S, lr);
            P[i] = lr[0];
            P[i + 1] = lr[1];
        }
        chainS(P, S, lr[0], lr[1]);
    }

    /** The hot loop: 512 enciphers over S with P fixed, the rounds unrolled. */
    private static void chainS(int[] P, int[] S, int l0, int r0) {
        int l = l0;
        int r = r0;
        for (int i = 0; i < 1024; i += 2) {
            l ^= P[0];
            r ^= f(S, l) ^ P[1];
            l ^= f(S, r) ^ P[2];
            r ^= f(S, l) ^ P[3];
            l ^= f(S, r) ^ P[4];
            r ^= f(S, l) ^ P[5];
            l ^= f(S, r) ^ P[6];
            r ^= f(S, l) ^ P[7];
            l ^= f(S, r) ^ P[8];
            r ^= f(S, l) ^ P[9];
            l ^= f(S, r) ^ P[10];
            r ^= f(S, l) ^ P[11];
            l ^= f(S, r) ^ P[12];
            r ^= f(S, l) ^ P[13];
            l ^= f(S, r) ^ P[14];
            r ^= f(S, l) ^ P[15];
            l ^= f(S, r) ^ P[16];
            int t = r ^ P[17];
            r = l;
            l = t;
            S[i] = l;
            S[i + 1] = r;
        }
    }

    /** Blowfish on {@code lr} in place, as Spring's {@code encipher}: lr becomes (r ^ P[17], l). */
    private static void encipher(int[] P, int[] S, int[] lr) {
        int l = lr[0];
        int r = lr[1];
        l ^= P[0];
        r ^= f(S, l) ^ P[1];
        l ^= f(S, r) ^ P[2];
        r ^= f(S, l) ^ P[3];
        l ^= f(S, r) ^ P[4];
        r ^= f(S, l) ^ P[5];
        l ^= f(S, r) ^ P[6];
        r ^= f(S, l) ^ P[7];
        l ^= f(S, r) ^ P[8];
        r ^= f(S, l) ^ P[9];
        l ^= f(S, r) ^ P[10];
        r ^= f(S, l) ^ P[11];
        l ^= f(S, r) ^ P[12];
        r ^= f(S, l) ^ P[13];
        l ^= f(S, r) ^ P[14];
        r ^= f(S, l) ^ P[15];
        l ^= f(S, r) ^ P[16];
        int t = r ^ P[17];
        r = l;
        l = t;
        lr[0] = l;
        lr[1] = r;
    }

    private static int f(int[] S, int x) {
        return ((S[x >>> 24] + S[0x100 | ((x >>> 16) & 0xff)]) ^ S[0x200 | ((x >>> 8) & 0xff)]) + S[0x300 | (x & 0xff)];
    }
}
