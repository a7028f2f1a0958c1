package io.hashpipe.hasher.internals.bcrypt;

import io.hashpipe.common.Limits;

/**
 * A bcrypt salt string as {@code BCrypt.gensalt} makes it ({@code $2a$10$} and 22 characters of bcrypt's
 * base64), decoded; and the hash string built from it, spelled as Spring's BCrypt spells it.
 *
 * @param minor the revision letter: a, b, x or y
 * @param cost  log2 of the rounds, 4..31
 * @param bytes the 16 salt bytes
 */
record Salt(char minor, int cost, byte[] bytes) {

    private static final char[] ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int[] INDEX = new int[128];

    static {
        java.util.Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEX[ALPHABET[i]] = i;
        }
    }

    /** The salt of {@code salt} (a salt or a whole hash), or null when it is not in the form this class handles. */
    static Salt parse(String salt) {
        if (salt == null || salt.length() < 29 || salt.charAt(0) != '$' || salt.charAt(1) != '2' || salt.charAt(3) != '$'
                || salt.charAt(6) != '$') {
            return null;
        }
        char minor = salt.charAt(2);
        char tens = salt.charAt(4);
        char units = salt.charAt(5);
        if ((minor != 'a' && minor != 'b' && minor != 'x' && minor != 'y') || tens < '0' || tens > '9' || units < '0' || units > '9') {
            return null;
        }
        int cost = (tens - '0') * 10 + (units - '0');
        byte[] bytes = decode(salt, 7);
        return !Limits.bcryptCost(cost) || bytes == null ? null : new Salt(minor, cost, bytes);
    }

    /** {@code $2<minor>$<cost>$<salt><hash>}, the hash's last byte dropped as bcrypt does. */
    String format(byte[] raw) {
        StringBuilder s = new StringBuilder(60).append("$2").append(minor).append('$');
        if (cost < 10) {
            s.append('0');
        }
        s.append(cost).append('$');
        encode(bytes, 16, s);
        encode(raw, 23, s);
        return s.toString();
    }

    /** 16 bytes from the 22 characters at {@code from}; null when one is not bcrypt's base64. */
    private static byte[] decode(String s, int from) {
        int[] c = new int[22];
        for (int i = 0; i < 22; i++) {
            char ch = s.charAt(from + i);
            c[i] = ch < 128 ? INDEX[ch] : -1;
            if (c[i] < 0) {
                return null;
            }
        }
        byte[] out = new byte[16];
        int o = 0;
        for (int i = 0; o < 16; i += 4) {
            out[o++] = (byte) ((c[i] << 2) | ((c[i + 1] & 0x30) >> 4));
            if (o == 16) {
                break;
            }
            out[o++] = (byte) (((c[i + 1] & 0x0f) << 4) | ((c[i + 2] & 0x3c) >> 2));
            out[o++] = (byte) (((c[i + 2] & 0x03) << 6) | c[i + 3]);
        }
        return out;
    }

    private static void encode(byte[] d, int len, StringBuilder s) {
        int off = 0;
        while (off < len) {
            int c1 = d[off++] & 0xff;
            s.append(ALPHABET[(c1 >> 2) & 0x3f]);
            c1 = (c1 & 0x03) << 4;
            if (off >= len) {
                s.append(ALPHABET[c1 & 0x3f]);
                break;
            }
            int c2 = d[off++] & 0xff;
            c1 |= (c2 >> 4) & 0x0f;
            s.append(ALPHABET[c1 & 0x3f]);
            c1 = (c2 & 0x0f) << 2;
            if (off >= len) {
                s.append(ALPHABET[c1 & 0x3f]);
                break;
            }
            c2 = d[off++] & 0xff;
            c1 |= (c2 >> 6) & 0x03;
            s.append(ALPHABET[c1 & 0x3f]);
            s.append(ALPHABET[c2 & 0x3f]);
        }
    }
}
