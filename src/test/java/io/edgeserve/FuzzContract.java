package io.edgeserve;

import io.edgeserve.model.InvalidModelException;
import io.edgeserve.problem.ProblemException;
import java.lang.management.ManagementFactory;
import java.util.function.Predicate;

/**
 * What every fuzz test asserts about a parser (docs/fuzzing.md): for any input it either returns or refuses
 * with the one exception its contract names, and it allocates no more than a bound fixed by its limits, not by
 * sizes read from the input. Anything else (an unchecked exception from deep inside, an {@code OutOfMemoryError},
 * an allocation past the bound) is rethrown as it is, so that Jazzer reports and deduplicates it by its own stack.
 * Hangs are caught by libFuzzer's {@code -timeout}, which the fuzzing command sets.
 */
public final class FuzzContract {

    /** A client's bytes refused as the client's mistake: a problem with a 4xx status. */
    public static final Predicate<Throwable> CLIENT_PROBLEM =
            e -> e instanceof ProblemException p && p.type().status() >= 400 && p.type().status() < 500;

    /** A model's bytes refused with a reason for the operator. */
    public static final Predicate<Throwable> INVALID_MODEL = e -> e instanceof InvalidModelException;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzContract() {}

    /** The parse under test; it may throw anything, which is what is being checked. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /**
     * Runs {@code parse} once on the calling thread.
     *
     * @param maxAllocatedBytes heap the parse may allocate, from the limits it was configured with
     * @param refusal the exceptions its contract allows
     */
    public static void holds(long maxAllocatedBytes, Predicate<Throwable> refusal, Parse parse) throws Exception {
        long allocated = allocatedBy(refusal, parse);
        // The first parse in a JVM also loads and initialises classes on this thread; a parse is
        // deterministic, so a second run tells its own allocation from that.
        if (allocated > maxAllocatedBytes && (allocated = allocatedBy(refusal, parse)) > maxAllocatedBytes) {
            throw new AssertionError("allocated " + allocated + " bytes, more than the " + maxAllocatedBytes
                    + " its limits allow");
        }
    }

    private static long allocatedBy(Predicate<Throwable> refusal, Parse parse) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            parse.run();
        } catch (Exception e) {
            if (!refusal.test(e)) {
                throw e;
            }
            requireMessage(e);
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** A refusal is read by a person: it says what was wrong. */
    private static void requireMessage(Exception refusal) {
        if (refusal.getMessage() == null || refusal.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message: " + refusal.getClass().getSimpleName(), refusal);
        }
    }
}
