package io.hashpipe.hasher.internals.bcrypt;

/**
 * bcrypt's expensive key schedule (eksblowfish) for one to three independent hashes of one cost, run in
 * lockstep on one thread, and the 64 encryptions that end it.
 *
 * <p>Why lockstep: one Blowfish encipher is a chain of dependent loads (each round's four S-box lookups
 * wait for the round before), so one hash leaves most of a core's load ports and ALUs idle. With the rounds
 * of two or three hashes interleaved in the same loop, as John the Ripper's bcrypt does, the core works on
 * the others while one waits: three hashes take about 1.35 times as long as one (BENCHMARKS.md). A fourth
 * lane gained nothing more (its halves, probably, no longer fit in the registers).
 *
 * <p>Layout: the lanes share one array, lane k's P-array at {@code k * 1042}, its four S-boxes right after,
 * so that an expansion is one loop of 521 enciphers writing P, then S, and every lookup is a constant
 * offset plus one byte of the half. C2 still checks each index against the array's length (the array comes
 * in as an argument): the checks are off the critical path of the rounds.
 */
final class EksBlowfish {

    /** The most lanes computed together. */
    static final int MAX_LANES = 3;

    private static final int LANE = Pi.LANE_WORDS;
    private static final int LANE_1 = LANE;
    private static final int LANE_2 = 2 * LANE;
    /** Offsets of the S-boxes in a lane. */
    private static final int S0 = 18;
    private static final int S1 = S0 + 256;
    private static final int S2 = S1 + 256;
    private static final int S3 = S2 + 256;
    /** Words per lane in the key-word array: the key's 18, then the salt's 18. */
    private static final int WORDS = 36;
    /** "OrpheanBeholderScryDoubt", the text bcrypt enciphers 64 times. */
    private static final int[] MAGIC = {0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274};

    private EksBlowfish() {
    }

    /** The state of one lane per element of {@code lanes} after bcrypt's key schedule at {@code cost}. */
    static int[] schedule(KeyWords[] lanes, int cost) {
        int n = lanes.length;
        if (n < 1 || n > MAX_LANES) {
            throw new IllegalArgumentException("1 to " + MAX_LANES + " lanes, not " + n);
        }
        int[] state = new int[n * LANE];
        int[] words = new int[n * WORDS];
        for (int k = 0; k < n; k++) {
            Pi.copyInto(state, k * LANE);
            expandWithSalt(state, k * LANE, lanes[k]);
            System.arraycopy(lanes[k].key(), 0, words, k * WORDS, 18);
            System.arraycopy(lanes[k].salt(), 0, words, k * WORDS + 18, 18);
        }
        for (long i = 1L << cost; i > 0; i--) {
            expand(state, n, words, 0);
            expand(state, n, words, 18);
        }
        return state;
    }

    /** The 24 bytes bcrypt encodes for {@code lane}: the magic text enciphered 64 times with its final state. */
    static byte[] ciphertext(int[] state, int lane) {
        int b = lane * LANE;
        byte[] raw = new byte[24];
        for (int j = 0; j < 6; j += 2) {
            long lr = (long) MAGIC[j] << 32 | (MAGIC[j + 1] & 0xffffffffL);
            for (int i = 0; i < 64; i++) {
                lr = encipher(state, b, (int) (lr >>> 32), (int) lr);
            }
            for (int i = 0; i < 8; i++) {
                raw[4 * j + i] = (byte) (lr >>> (56 - 8 * i));
            }
        }
        return raw;
    }

    /** bcrypt's first, salted expansion ({@code ekskey}) of the lane at {@code b}: the salt words stream into the enciphers. */
    private static void expandWithSalt(int[] s, int b, KeyWords words) {
        int[] key = words.key();
        for (int i = 0; i < 18; i++) {
            s[b + i] ^= key[i];
        }
        s[b] ^= words.sign();
        int[] salt = words.saltStream();
        long lr = 0;
        for (int i = 0; i < LANE; i += 2) {
            lr = encipher(s, b, (int) (lr >>> 32) ^ salt[i & 3], (int) lr ^ salt[(i + 1) & 3]);
            s[b + i] = (int) (lr >>> 32);
            s[b + i + 1] = (int) lr;
        }
    }

    /** One expansion of the loop in every lane: {@code words} at {@code offset} into P, then P and S re-enciphered from zero. */
    private static void expand(int[] s, int lanes, int[] words, int offset) {
        for (int k = 0; k < lanes; k++) {
            for (int i = 0; i < 18; i++) {
                s[k * LANE + i] ^= words[k * WORDS + offset + i];
            }
        }
        switch (lanes) {
            case 1 -> expand1(s);
            case 2 -> expand2(s);
            default -> expand3(s);
        }
    }

    private static void expand1(int[] s) {
        int l0 = 0, r0 = 0;
        for (int i = 0; i < LANE; i += 2) {
            l0 ^= s[0];
            for (int p = 1; p < 17; p += 2) {
                r0 ^= f(s, 0, l0) ^ s[p];
                l0 ^= f(s, 0, r0) ^ s[p + 1];
            }
            int t0 = r0 ^ s[17];
            r0 = l0;
            l0 = t0;
            s[i] = l0;
            s[i + 1] = r0;
        }
    }

    private static void expand2(int[] s) {
        int l0 = 0, r0 = 0, l1 = 0, r1 = 0;
        for (int i = 0; i < LANE; i += 2) {
            l0 ^= s[0];
            l1 ^= s[LANE_1];
            for (int p = 1; p < 17; p += 2) {
                r0 ^= f(s, 0, l0) ^ s[p];
                r1 ^= f(s, LANE_1, l1) ^ s[LANE_1 + p];
                l0 ^= f(s, 0, r0) ^ s[p + 1];
                l1 ^= f(s, LANE_1, r1) ^ s[LANE_1 + p + 1];
            }
            int t0 = r0 ^ s[17];
            int t1 = r1 ^ s[LANE_1 + 17];
            r0 = l0;
            r1 = l1;
            l0 = t0;
            l1 = t1;
            s[i] = l0;
            s[i + 1] = r0;
            s[LANE_1 + i] = l1;
            s[LANE_1 + i + 1] = r1;
        }
    }

    private static void expand3(int[] s) {
        int l0 = 0, r0 = 0, l1 = 0, r1 = 0, l2 = 0, r2 = 0;
        for (int i = 0; i < LANE; i += 2) {
            l0 ^= s[0];
            l1 ^= s[LANE_1];
            l2 ^= s[LANE_2];
            for (int p = 1; p < 17; p += 2) {
                r0 ^= f(s, 0, l0) ^ s[p];
                r1 ^= f(s, LANE_1, l1) ^ s[LANE_1 + p];
                r2 ^= f(s, LANE_2, l2) ^ s[LANE_2 + p];
                l0 ^= f(s, 0, r0) ^ s[p + 1];
                l1 ^= f(s, LANE_1, r1) ^ s[LANE_1 + p + 1];
                l2 ^= f(s, LANE_2, r2) ^ s[LANE_2 + p + 1];
            }
            int t0 = r0 ^ s[17];
            int t1 = r1 ^ s[LANE_1 + 17];
            int t2 = r2 ^ s[LANE_2 + 17];
            r0 = l0;
            r1 = l1;
            r2 = l2;
            l0 = t0;
            l1 = t1;
            l2 = t2;
            s[i] = l0;
            s[i + 1] = r0;
            s[LANE_1 + i] = l1;
            s[LANE_1 + i + 1] = r1;
            s[LANE_2 + i] = l2;
            s[LANE_2 + i + 1] = r2;
        }
    }

    /** Blowfish of (l, r) with the lane at {@code b}, as Spring's {@code encipher}: returns (r ^ P[17], l) packed high, low. */
    private static long encipher(int[] s, int b, int l, int r) {
        l ^= s[b];
        for (int p = 1; p < 17; p += 2) {
            r ^= f(s, b, l) ^ s[b + p];
            l ^= f(s, b, r) ^ s[b + p + 1];
        }
        return (long) (r ^ s[b + 17]) << 32 | (l & 0xffffffffL);
    }

    /** Blowfish's round function with the S-boxes of the lane at {@code b}. */
    private static int f(int[] s, int b, int x) {
        return ((s[b + S0 + (x >>> 24)] + s[b + S1 + (x >>> 16 & 0xff)]) ^ s[b + S2 + (x >>> 8 & 0xff)]) + s[b + S3 + (x & 0xff)];
    }
}
