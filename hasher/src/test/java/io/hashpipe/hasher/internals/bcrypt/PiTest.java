package io.hashpipe.hasher.internals.bcrypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The embedded table is Blowfish's initial state: the hexadecimal digits of pi's fraction, computed here independently. */
class PiTest {

    @Test
    void theTableHoldsTheFirst1042WordsOfPisFraction() {
        int[] words = Pi.words();
        assertEquals(Pi.LANE_WORDS, words.length);
        assertArrayEquals(piFractionWords(Pi.LANE_WORDS), words);
    }

    /** Machin's formula, pi = 16 atan(1/5) - 4 atan(1/239), in fixed point with guard bits beyond the words asked for. */
    private static int[] piFractionWords(int count) {
        int bits = 32 * count + 64;
        BigInteger pi = atanOfInverse(5, bits).shiftLeft(4).subtract(atanOfInverse(239, bits).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits));
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
        }
        return words;
    }

    /** atan(1/x) = 1/x - 1/(3x^3) + 1/(5x^5) - ..., scaled by 2^bits. */
    private static BigInteger atanOfInverse(int x, int bits) {
        BigInteger square = BigInteger.valueOf((long) x * x);
        BigInteger term = BigInteger.ONE.shiftLeft(bits).divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int n = 3, sign = -1; term.signum() != 0; n += 2, sign = -sign) {
            term = term.divide(square);
            BigInteger part = term.divide(BigInteger.valueOf(n));
            sum = sign < 0 ? sum.subtract(part) : sum.add(part);
        }
        return sum;
    }
}
