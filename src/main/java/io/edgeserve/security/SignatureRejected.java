package io.edgeserve.security;

/**
 * Why a SigV4 check refused a request, with the AWS error code and status the SDKs expect for it. The message
 * goes to the client: it names what was wrong, never a secret or the signature edgeserve computed.
 */
final class SignatureRejected extends RuntimeException {

    /** The reasons, each with its AWS code, HTTP status and the {@code outcome} tag it is counted under. */
    enum Reason {
        MISSING("MissingAuthenticationTokenException", 403, "missing"),
        MALFORMED("IncompleteSignatureException", 400, "malformed"),
        UNKNOWN_KEY("UnrecognizedClientException", 403, "unknown_key"),
        WRONG_SCOPE("InvalidSignatureException", 403, "wrong_scope"),
        SKEWED("InvalidSignatureException", 403, "skewed"),
        UNSIGNED_PAYLOAD("InvalidSignatureException", 403, "unsigned_payload"),
        PAYLOAD_MISMATCH("InvalidSignatureException", 403, "payload_mismatch"),
        BAD_SIGNATURE("InvalidSignatureException", 403, "bad_signature");

        private final String awsCode;
        private final int status;
        private final String outcome;

        Reason(String awsCode, int status, String outcome) {
            this.awsCode = awsCode;
            this.status = status;
            this.outcome = outcome;
        }

        String awsCode() {
            return awsCode;
        }

        int status() {
            return status;
        }

        String outcome() {
            return outcome;
        }
    }

    private final Reason reason;

    SignatureRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
