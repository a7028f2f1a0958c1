package io.hashpipe.hasher.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@link FastBcrypt} gives exactly Spring's hashes: the published vectors, thousands of random inputs, every revision. */
class FastBcryptTest {

    /** jBCrypt's published test vectors (password, salt, hash), as Spring Security's own BCryptTests use them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|$2a$06$DCq7YPn5Rq63x1Lad4cll.|$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "|$2a$08$HqWuK6/Ng6sg9gQzbLrgb.|$2a$08$HqWuK6/Ng6sg9gQzbLrgb.Tl.ZHfXLhvt/SgVyWhQqgqcZ7ZuUtye",
        "|$2a$10$k1wbIrmNyFAPwPVPSVa/ze|$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW",
        "a|$2a$06$m0CrhHm10qJ3lXRY.5zDGO|$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe",
        "a|$2a$08$cfcvVd2aQ8CMvoMpP2EBfe|$2a$08$cfcvVd2aQ8CMvoMpP2EBfeodLEkkFJ9umNEfPD18.hUF62qqlC/V.",
        "a|$2a$10$k87L/MF28Q673VKh8/cPi.|$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u",
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abc|$2a$08$Ro0CUfOqk6cXEKf3dyaM7O|$2a$08$Ro0CUfOqk6cXEKf3dyaM7OhSCvnwM9s4wIX9JeLapehKK5YdLxKcm",
        "abc|$2a$10$WvvTPHKwdBJ3uk0Z37EMR.|$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi",
        "abcdefghijklmnopqrstuvwxyz|$2a$06$.rCVZVOThsIa97pEDOxvGu|$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC",
        "~!@#$%^&*()      ~!@#$%^&*()PNBFRD|$2a$06$fPIsBO8qRqkjj273rfaOI.|$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO",
    })
    void publishedVectorsHashAlike(String password, String salt, String expected) {
        String plain = password == null ? "" : password;
        assertEquals(expected, BCrypt.hashpw(plain, salt), "Spring agrees with the vector");
        assertEquals(expected, FastBcrypt.hashpw(plain, salt));
    }

    @Test
    void thousandsOfRandomPasswordsAndSaltsHashAsSpringDoesInEveryRevision() {
        Random random = new Random(20261126);
        String[] revisions = {"$2a", "$2b", "$2y", "$2x"};
        for (int i = 0; i < 2_000; i++) {
            String password = randomPassword(random);
            String salt = revisions[i % revisions.length] + BCrypt.gensalt(4).substring(3); // gensalt makes no $2x$
            String expected = BCrypt.hashpw(password, salt);
            assertEquals(expected, FastBcrypt.hashpw(password, salt), () -> "password '" + password + "' salt " + salt);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 9})
    void hashesVerifyWithSpringsCheckpwAtEachCost(int cost) {
        String hash = FastBcrypt.hashpw("abcdefghij", BCrypt.gensalt(cost));
        assertTrue(hash.startsWith(String.format("$2a$%02d$", cost)), hash);
        assertTrue(BCrypt.checkpw("abcdefghij", hash));
    }

    @Test
    void aPasswordOver72BytesIsRejectedAsSpringRejectsIt() {
        String salt = BCrypt.gensalt(4);
        String longest = "x".repeat(72);
        assertEquals(BCrypt.hashpw(longest, salt), FastBcrypt.hashpw(longest, salt));
        IllegalArgumentException spring = assertThrows(IllegalArgumentException.class, () -> BCrypt.hashpw(longest + "y", salt));
        IllegalArgumentException fast = assertThrows(IllegalArgumentException.class, () -> FastBcrypt.hashpw(longest + "y", salt));
        assertEquals(spring.getMessage(), fast.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$2a$04$short", "$3a$04$abcdefghijklmnopqrstuv", "$2c$04$abcdefghijklmnopqrstuv", "$2a$03$abcdefghijklmnopqrstuv",
        "$2a$32$abcdefghijklmnopqrstuv", "$2a$04$abcdefghijklmnopqrstu!", "$2a$4$abcdefghijklmnopqrstuvw"})
    void unusualSaltsBehaveAsInSpring(String salt) {
        String spring;
        try {
            spring = BCrypt.hashpw("pw", salt);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException fast = assertThrows(IllegalArgumentException.class, () -> FastBcrypt.hashpw("pw", salt));
            assertEquals(e.getMessage(), fast.getMessage());
            return;
        }
        assertEquals(spring, FastBcrypt.hashpw("pw", salt));
    }

    /** 0 to 72 UTF-8 bytes of ASCII, Latin-1, other BMP characters and emoji, so the sign-extension paths are met. */
    private static String randomPassword(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            int codePoint = kind == 0 ? 0x20 + random.nextInt(0x5f) : kind == 1 ? 0xa0 + random.nextInt(0x60)
                    : kind == 2 ? 0x400 + random.nextInt(0x4000) : 0x1f600 + random.nextInt(0x50);
            s.appendCodePoint(codePoint);
            if (s.toString().getBytes(StandardCharsets.UTF_8).length > 72) {
                s.setLength(s.length() - Character.charCount(codePoint));
                break;
            }
        }
        return s.toString();
    }
}
