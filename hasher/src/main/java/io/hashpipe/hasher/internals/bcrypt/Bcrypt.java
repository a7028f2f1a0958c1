package io.hashpipe.hasher.internals.bcrypt;

import io.hashpipe.common.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * hashpipe's bcrypt: for the same password and salt, exactly the string Spring Security's
 * {@link BCrypt#hashpw(String, String)} gives, with up to {@link #LANES} hashes of one cost computed together
 * on one thread ({@link EksBlowfish}), which gives each hash a fraction of a core.
 *
 * <p>It handles the salts {@code BCrypt.gensalt} makes ({@code $2a$}, {@code $2b$}, {@code $2y$}, and
 * {@code $2x$}; cost 4..31; 22 characters of bcrypt's base64). A single hash of any other salt is passed to
 * Spring's BCrypt, so that errors and odd inputs behave the same.
 */
public final class Bcrypt {

    /** The most hashes computed together; a group of this many gives the most hashes per second per core. */
    public static final int LANES = EksBlowfish.MAX_LANES;

    private Bcrypt() {
    }

    /** The bcrypt hash of {@code password} with {@code salt} (a salt or a whole hash), as Spring's {@code BCrypt.hashpw}. */
    public static String hashpw(String password, String salt) {
        if (Salt.parse(salt) == null) {
            return BCrypt.hashpw(password, salt);
        }
        return hashpw(List.of(password), List.of(salt)).get(0);
    }

    /**
     * The hash of each password with the salt at the same index, in order: those whose salts have one cost in
     * groups of up to {@link #LANES}, three of them in about 1.35 times the time of one alone (BENCHMARKS.md).
     *
     * @throws IllegalArgumentException when a password is over 72 bytes in UTF-8 (Spring's message) or a salt
     *                                  is not of the form {@code BCrypt.gensalt} makes; then nothing is hashed
     */
    public static List<String> hashpw(List<String> passwords, List<String> salts) {
        if (passwords.size() != salts.size()) {
            throw new IllegalArgumentException(passwords.size() + " passwords but " + salts.size() + " salts");
        }
        int n = passwords.size();
        Salt[] parsed = new Salt[n];
        KeyWords[] words = new KeyWords[n];
        for (int i = 0; i < n; i++) {
            byte[] password = passwords.get(i).getBytes(StandardCharsets.UTF_8);
            if (password.length > Limits.MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException("password cannot be more than 72 bytes");
            }
            parsed[i] = Salt.parse(salts.get(i));
            if (parsed[i] == null) {
                throw new IllegalArgumentException("Salt " + i + " is not of the form BCrypt.gensalt makes ($2a$, $2b$, $2x$ or $2y$, "
                        + "a cost of 04 to 31, $ and 22 characters of bcrypt's base64): " + salts.get(i));
            }
            words[i] = KeyWords.of(password, parsed[i]);
        }
        String[] hashes = new String[n];
        for (int[] group : groups(parsed)) {
            KeyWords[] lanes = Arrays.stream(group).mapToObj(i -> words[i]).toArray(KeyWords[]::new);
            int[] state = EksBlowfish.schedule(lanes, parsed[group[0]].cost());
            for (int k = 0; k < group.length; k++) {
                hashes[group[k]] = parsed[group[k]].format(EksBlowfish.ciphertext(state, k));
            }
        }
        return List.of(hashes);
    }

    /** The indices of {@code salts} in groups of at most {@link #LANES} with one cost each, in order within a cost. */
    private static List<int[]> groups(Salt[] salts) {
        Integer[] order = new Integer[salts.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> salts[i].cost())); // stable: the order within a cost is kept
        List<int[]> groups = new ArrayList<>();
        for (int start = 0; start < order.length; ) {
            int end = start + 1;
            while (end < order.length && end - start < LANES && salts[order[end]].cost() == salts[order[start]].cost()) {
                end++;
            }
            groups.add(Arrays.stream(order, start, end).mapToInt(Integer::intValue).toArray());
            start = end;
        }
        return groups;
    }
}
