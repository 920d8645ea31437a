package io.edgeserve.model;

/**
 * A model folder or archive that cannot be served, with a reason written for the operator who put it
 * there: it is shown in the log, in {@code /ping}'s body and in {@code GET /models/NAME}.
 */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String reason) {
        super(reason);
    }

    public InvalidModelException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
