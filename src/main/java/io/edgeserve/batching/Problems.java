package io.edgeserve.batching;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;

/**
 * The failures the batcher answers with, in one place so their details stay client-safe: an engine's own message
 * may hold file paths, so it travels only as the cause, for the logs.
 */
final class Problems {

    private Problems() {
    }

    static ProblemException queueFull(int queuedRequests, int retryAfterSeconds) {
        return new ProblemException(ProblemType.QUEUE_FULL,
                "The model's queue is full (" + queuedRequests + " requests waiting); retry later.")
                .with("retryAfterSeconds", retryAfterSeconds);
    }

    static ProblemException shuttingDown() {
        return new ProblemException(ProblemType.SHUTTING_DOWN,
                "The model is shutting down and no longer runs requests.");
    }

    static ProblemException deadlineExceeded() {
        return new ProblemException(ProblemType.DEADLINE_EXCEEDED,
                "The request was not run before its deadline.");
    }

    static ProblemException engineFailure(Throwable cause) {
        return new ProblemException(ProblemType.ENGINE_FAILURE,
                "The model failed while running the batch that held this request.", cause);
    }

    static ProblemException runnerUnavailable(Throwable cause) {
        return new ProblemException(ProblemType.ENGINE_FAILURE,
                "The model could not be prepared to run requests.", cause);
    }

    static ProblemException noRows(int rows) {
        return new ProblemException(ProblemType.INVALID_REQUEST,
                "A request must carry at least one row; this one carries " + rows + ".");
    }
}
