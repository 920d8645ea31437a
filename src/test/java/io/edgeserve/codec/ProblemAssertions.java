package io.edgeserve.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that code fails with a problem of one type, and lets the test check the detail. */
final class ProblemAssertions {

    private ProblemAssertions() {}

    static AbstractThrowableAssert<?, ? extends Throwable> assertProblem(ProblemType type, ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ProblemException) e).type())
                        .isEqualTo(type));
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(ThrowingCallable call) {
        return assertProblem(ProblemType.MALFORMED_BODY, call);
    }
}
