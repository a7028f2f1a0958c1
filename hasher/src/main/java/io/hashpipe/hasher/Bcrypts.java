package io.hashpipe.hasher;

import io.hashpipe.hasher.internals.bcrypt.Bcrypt;
import java.util.function.BinaryOperator;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The bcrypt implementations the hasher runs ({@code --bcrypt-impl}), for callers that time one alone. */
public final class Bcrypts {

    private Bcrypts() {
    }

    /**
     * {@code hashpw(password, salt)} of hashpipe's own bcrypt ({@code fast}: the same hash as Spring's, bit
     * for bit) or of Spring Security's, one hash at a time.
     */
    public static BinaryOperator<String> hashpw(boolean fast) {
        return fast ? Bcrypt::hashpw : BCrypt::hashpw;
    }
}
