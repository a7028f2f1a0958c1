package io.hashpipe.dbapi;

/** Well-formed bcrypt strings for tests that store many rows: the database API refuses anything else. */
final class TestHashes {

    private static final String BASE64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The hash of tests that need one only. */
    static final String H = hash(0);

    private TestHashes() {
    }

    /** A bcrypt string of cost {@code cost}, different for each {@code n}. */
    static String bcrypt(int cost, int n) {
        StringBuilder tail = new StringBuilder();
        for (int i = 0, rest = n; i < 53; i++, rest /= BASE64.length()) {
            tail.append(BASE64.charAt((rest + i) % BASE64.length()));
        }
        return String.format("$2a$%02d$", cost) + tail;
    }

    /** The {@code n}th hash of cost 4. */
    static String hash(int n) {
        return bcrypt(4, n);
    }
}
