package io.edgeserve.hostile;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends the hostile corpus to a running edgeserve and counts its answers: problems (RFC 9457, edgeserve's
 * types), other refusals, 5xx (of which 500), connections closed without an answer, and answers without the
 * security headers. Exits 1 if any refusal is not a problem or any answer is a 500. bench/hostile/README.md has
 * the command. Arguments: host, port, and {@code --verbose} to print every request's answer.
 */
public final class HostileRun {

    private HostileRun() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        boolean verbose = List.of(args).contains("--verbose");
        Tally tally = run(host, port, null, HostileCorpus.requests(), verbose);
        System.out.println(tally);
        System.exit(tally.nonProblem() + tally.internalErrors() == 0 ? 0 : 1);
    }

    /** Each request on its own connection, one after another. */
    static Tally run(String host, int port, SSLSocketFactory tls, List<HostileRequest> corpus, boolean verbose) throws Exception {
        int problems = 0;
        int nonProblems = 0;
        int serverErrors = 0;
        int internalErrors = 0;
        int unanswered = 0;
        int accepted = 0;
        int withoutSecurityHeaders = 0;
        List<String> lines = new ArrayList<>();
        for (HostileRequest request : corpus) {
            RawAnswer answer = RawAnswer.exchange(host, port, tls, request.bytes());
            if (!answer.answered()) {
                unanswered++;
            } else if (answer.status() < 400) {
                accepted++;
            } else if (answer.isProblem()) {
                problems++;
            } else {
                nonProblems++;
            }
            if (answer.status() >= 500) {
                serverErrors++;
            }
            if (answer.status() == 500) {
                internalErrors++;
            }
            if (answer.answered() && !answer.hasSecurityHeaders()) {
                withoutSecurityHeaders++;
            }
            if (verbose) {
                System.out.println(request.name() + " -> " + answer);
            }
        }
        return new Tally(corpus.size(), problems, nonProblems, serverErrors, internalErrors, unanswered, accepted,
                withoutSecurityHeaders);
    }

    /** The counts of one run. */
    record Tally(int requests, int problems, int nonProblem, int serverErrors, int internalErrors, int unanswered,
                 int accepted, int withoutSecurityHeaders) {

        @Override
        public String toString() {
            return "requests=" + requests + " problem=" + problems + " non-problem=" + nonProblem + " 5xx=" + serverErrors + " (500=" + internalErrors + ")"
                    + " unanswered=" + unanswered + " accepted=" + accepted
                    + " without-security-headers=" + withoutSecurityHeaders;
        }
    }
}
