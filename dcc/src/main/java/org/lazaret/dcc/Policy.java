package org.lazaret.dcc;

/**
 * A verifier's acceptance policy over a cryptographically checked DCC (e.g. "negative test
 * within 48 hours or full vaccination"). Implementations must be deterministic: no clock (the
 * instant is in the input), no randomness, and they must not throw on any payload — a rule
 * that cannot be evaluated denies. {@link #none()} is the policy that allows everything.
 */
public interface Policy {
    String name();

    PolicyDecision judge(PolicyInput input);

    static Policy none() {
        return NoPolicy.INSTANCE;
    }

    /** The "no policy" variant; the verifier skips the policy check for it. */
    final class NoPolicy implements Policy {
        static final NoPolicy INSTANCE = new NoPolicy();

        private NoPolicy() {}

        @Override
        public String name() {
            return "none";
        }

        @Override
        public PolicyDecision judge(PolicyInput input) {
            return new PolicyDecision.Allowed();
        }
    }
}
