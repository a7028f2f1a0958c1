package io.hashpipe.hasher.internals.bcrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** {@link Bcrypt} gives exactly Spring's hashes: the published vectors, thousands of random inputs, every revision, alone and in groups. */
class BcryptTest {

    private static final String[] REVISIONS = {"$2a", "$2b", "$2y", "$2x"};
    private static final SecureRandom SALTS = new SecureRandom();

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
        assertEquals(expected, Bcrypt.hashpw(plain, salt));
    }

    @Test
    void randomPasswordsAndSaltsHashAsSpringDoesInEveryRevision() {
        Random random = new Random(20261126);
        for (int i = 0; i < 500; i++) {
            String password = RandomPasswords.upTo72Bytes(random);
            String salt = randomSalt(i % REVISIONS.length, 4);
            assertEquals(BCrypt.hashpw(password, salt), Bcrypt.hashpw(password, salt), () -> "password '" + password + "' salt " + salt);
        }
    }

    /** 2,000 random pairs in groups of 1 to 7: full groups, partial ones, and groups that their costs split. */
    @Test
    void thousandsOfRandomPairsHashedInGroupsHashAsSpringDoesOneByOne() {
        Random random = new Random(17);
        for (int done = 0; done < 2_000; ) {
            int size = 1 + random.nextInt(2 * Bcrypt.LANES + 1);
            List<String> passwords = new ArrayList<>();
            List<String> salts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                passwords.add(RandomPasswords.upTo72Bytes(random));
                salts.add(randomSalt(random.nextInt(REVISIONS.length), random.nextInt(10) == 0 ? 5 + random.nextInt(2) : 4));
            }
            List<String> hashes = Bcrypt.hashpw(passwords, salts);
            assertEquals(size, hashes.size());
            for (int i = 0; i < size; i++) {
                String expected = BCrypt.hashpw(passwords.get(i), salts.get(i));
                assertEquals(expected, hashes.get(i), "hash " + i + " of " + salts + " for " + passwords);
            }
            done += size;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 9})
    void hashesVerifyWithSpringsCheckpwAtEachCost(int cost) {
        String hash = Bcrypt.hashpw("abcdefghij", BCrypt.gensalt(cost));
        assertTrue(hash.startsWith(String.format("$2a$%02d$", cost)), hash);
        assertTrue(BCrypt.checkpw("abcdefghij", hash));
    }

    @Test
    void aPasswordOver72BytesIsRejectedAsSpringRejectsIt() {
        String salt = BCrypt.gensalt(4);
        String longest = "x".repeat(72);
        assertEquals(BCrypt.hashpw(longest, salt), Bcrypt.hashpw(longest, salt));
        IllegalArgumentException spring = assertThrows(IllegalArgumentException.class, () -> BCrypt.hashpw(longest + "y", salt));
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> Bcrypt.hashpw(longest + "y", salt));
        IllegalArgumentException grouped = assertThrows(IllegalArgumentException.class,
                () -> Bcrypt.hashpw(List.of("a", longest + "y"), List.of(salt, salt)));
        assertEquals(spring.getMessage(), alone.getMessage());
        assertEquals(spring.getMessage(), grouped.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$2a$04$short", "$3a$04$abcdefghijklmnopqrstuv", "$2c$04$abcdefghijklmnopqrstuv", "$2a$03$abcdefghijklmnopqrstuv",
        "$2a$32$abcdefghijklmnopqrstuv", "$2a$04$abcdefghijklmnopqrstu!", "$2a$4$abcdefghijklmnopqrstuvw"})
    void unusualSaltsBehaveAsInSpringAloneAndAreRefusedInAGroup(String salt) {
        String spring;
        try {
            spring = BCrypt.hashpw("pw", salt);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> Bcrypt.hashpw("pw", salt));
            assertEquals(e.getMessage(), ours.getMessage());
            spring = null;
        }
        if (spring != null) {
            assertEquals(spring, Bcrypt.hashpw("pw", salt));
        }
        IllegalArgumentException grouped = assertThrows(IllegalArgumentException.class,
                () -> Bcrypt.hashpw(List.of("pw", "pw"), List.of(BCrypt.gensalt(4), salt)));
        assertTrue(grouped.getMessage().contains("Salt 1 is not of the form BCrypt.gensalt makes"), grouped.getMessage());
    }

    /** A fresh salt of {@code cost} in revision {@code REVISIONS[revision]} ({@code gensalt} makes no {@code $2x$}). */
    private static String randomSalt(int revision, int cost) {
        return REVISIONS[revision] + BCrypt.gensalt(cost, SALTS).substring(3);
    }
}
