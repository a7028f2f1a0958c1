package io.hashpipe.api;

import java.util.Objects;

/**
 * What {@link Processor#check} found: the output verifies against its input, it does not (and why), or the
 * processor cannot tell.
 */
public final class Verdict {

    private static final Verdict PASSED = new Verdict(Kind.PASSED, null);
    private static final Verdict NOT_CHECKED = new Verdict(Kind.NOT_CHECKED, null);

    /** The three answers. */
    public enum Kind { PASSED, FAILED, NOT_CHECKED }

    private final Kind kind;
    private final String reason;

    private Verdict(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    /** The output is what the input should give. */
    public static Verdict passed() {
        return PASSED;
    }

    /** The output is not what the input should give; {@code reason} says how. */
    public static Verdict failed(String reason) {
        return new Verdict(Kind.FAILED, Objects.requireNonNull(reason, "reason"));
    }

    /** The processor cannot check its outputs. */
    public static Verdict notChecked() {
        return NOT_CHECKED;
    }

    public Kind kind() {
        return kind;
    }

    /** Why the check failed; null unless {@link Kind#FAILED}. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verdict v && v.kind == kind && Objects.equals(v.reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, reason);
    }

    @Override
    public String toString() {
        return reason == null ? kind.name() : kind + ": " + reason;
    }
}
