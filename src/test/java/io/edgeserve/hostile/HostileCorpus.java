package io.edgeserve.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests an attacker or a broken client sends: malformed request lines and header lines, targets with NUL and
 * control bytes, bad {@code Content-Length} and chunking, oversized headers and URLs, unknown expectations and
 * methods, container-internal paths, bad bodies. Each is refused with the status it names, as an RFC 9457 problem
 * with the security headers, wherever in the server it is refused; two are not refusals: an HTTP/2 preface, which
 * an HTTP/1.1 server cannot answer and closes (status 0), and obsolete line folding, which HTTP allows a server to
 * unfold and serve (200).
 */
public final class HostileCorpus {

    private static final String END = "Connection: close\r\n\r\n";

    private HostileCorpus() {}

    public static List<HostileRequest> requests() {
        List<HostileRequest> corpus = new ArrayList<>();
        requestLines(corpus);
        headers(corpus);
        framing(corpus);
        methodsAndExpectations(corpus);
        paths(corpus);
        bodies(corpus);
        return List.copyOf(corpus);
    }

    private static void requestLines(List<HostileRequest> corpus) {
        corpus.add(HostileRequest.of("request line of one word", 400, "GARBAGE\r\n\r\n"));
        corpus.add(HostileRequest.of("request line without a target", 400, "GET\r\nHost: x\r\n\r\n"));
        corpus.add(HostileRequest.of("request line with a fourth part", 400, "GET /ping HTTP/1.1 extra\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("unknown protocol version", 505, "GET /ping HTTP/9.9\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("protocol that is not HTTP", 400, "GET /ping FTP/1.0\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("NUL in the target", 400, "GET /pi\0ng HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("control byte in the target", 400, "GET /pi\u0001ng HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("DEL in the target", 400, "GET /pi\u007fng HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("control byte in the query", 400, "GET /ping?a=\u0002 HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("raw non-ASCII byte in the target", 400, "GET /p\u00e9ng HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("tab inside the target", 400, "GET /pi\tng HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("URL over the header limit", 400, "GET /" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("method with separators", 400, "G(T /ping HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("HTTP/2 preface on an HTTP/1.1 port", 0, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        corpus.add(HostileRequest.of("asterisk target for GET", 400, "GET * HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("percent-encoded NUL in the path", 400, "GET /ping%00 HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("bad percent-encoding in the path", 400, "GET /%zz HTTP/1.1\r\nHost: x\r\n" + END));
    }

    private static void headers(List<HostileRequest> corpus) {
        corpus.add(HostileRequest.of("header line without a colon", 400, "GET /ping HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n" + END));
        corpus.add(HostileRequest.of("space inside a header name", 400, "GET /ping HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n" + END));
        corpus.add(HostileRequest.of("space before the colon", 400, "GET /ping HTTP/1.1\r\nHost : x\r\n" + END));
        corpus.add(HostileRequest.of("NUL in a header value", 400, "GET /ping HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n" + END));
        corpus.add(HostileRequest.of("obsolete line folding", 200, "GET /ping HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n" + END));
        corpus.add(HostileRequest.of("bare LF inside a header value", 400, "GET /ping HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n" + END));
        corpus.add(HostileRequest.of("one header over the limit", 400, "GET /ping HTTP/1.1\r\nHost: x\r\nX-Padding: "
                + "a".repeat(16 * 1024) + "\r\n" + END));
        corpus.add(HostileRequest.of("many headers over the limit", 400, "GET /ping HTTP/1.1\r\nHost: x\r\n"
                + "X-Many: aaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1000) + END));
        corpus.add(HostileRequest.of("HTTP/1.1 without Host", 400, "GET /ping HTTP/1.1\r\n" + END));
        corpus.add(HostileRequest.of("two Host headers", 400, "GET /ping HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + END));
        corpus.add(HostileRequest.of("Host with a space", 400, "GET /ping HTTP/1.1\r\nHost: a b\r\n" + END));
        corpus.add(HostileRequest.of("Host that disagrees with an absolute target", 400,
                "GET http://a/ping HTTP/1.1\r\nHost: b\r\n" + END));
    }

    private static void framing(List<HostileRequest> corpus) {
        String post = "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        corpus.add(HostileRequest.of("negative Content-Length", 400, post + "Content-Length: -5\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("Content-Length that is not a number", 400, post + "Content-Length: abc\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("Content-Length past 2^64", 400, post + "Content-Length: 99999999999999999999999\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("two different Content-Lengths", 400, post + "Content-Length: 5\r\nContent-Length: 6\r\n" + END + "[[1]] "));
        corpus.add(HostileRequest.of("Content-Length and Transfer-Encoding together", 400, post
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n" + END + "5\r\n[[1]]\r\n0\r\n\r\n"));
        corpus.add(HostileRequest.of("unknown Transfer-Encoding", 501, post + "Transfer-Encoding: gzip\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("chunk size that is not hex", 400, post + "Transfer-Encoding: chunked\r\n" + END + "zz\r\n[[1]]\r\n0\r\n\r\n"));
        corpus.add(HostileRequest.of("chunk size past 2^64", 400, post + "Transfer-Encoding: chunked\r\n" + END
                + "fffffffffffffffffffff\r\n[[1]]\r\n0\r\n\r\n"));
        corpus.add(HostileRequest.of("chunked body cut off", 400, post + "Transfer-Encoding: chunked\r\n" + END + "5\r\n[[1"));
        corpus.add(HostileRequest.of("body shorter than its Content-Length", 400, post + "Content-Length: 100\r\n" + END + "[[1, "));
        corpus.add(HostileRequest.of("Content-Length of 2^63-1", 413, post + "Content-Length: 9223372036854775807\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("body over the size limit", 413, post + "Content-Length: 10485760\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("chunk extension without a value", 400, post + "Transfer-Encoding: chunked\r\n" + END
                + "5;\0\r\n[[1]]\r\n0\r\n\r\n"));
    }

    private static void methodsAndExpectations(List<HostileRequest> corpus) {
        corpus.add(HostileRequest.of("Expect other than 100-continue", 417, "POST /invocations HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 5\r\nExpect: 200-ok\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("CONNECT", 501, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n" + END));
        corpus.add(HostileRequest.of("TRACE", 405, "TRACE /ping HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("TRACE on an unknown path", 405, "TRACE /nothing HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("unknown method", 405, "BREW /ping HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("DELETE on /ping", 405, "DELETE /ping HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("GET on /invocations", 405, "GET /invocations HTTP/1.1\r\nHost: x\r\n" + END));
    }

    private static void paths(List<HostileRequest> corpus) {
        for (String path : List.of("/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/nothing-here",
                "/ping;jsessionid=1/../WEB-INF/web.xml", "/.git/config", "/actuator/env")) {
            corpus.add(HostileRequest.of("GET " + path, 404, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + END));
        }
        for (String path : List.of("/..;/WEB-INF/web.xml", "/swagger-ui/../../etc/passwd")) {
            corpus.add(HostileRequest.of("GET " + path, 400, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + END));
        }
        corpus.add(HostileRequest.of("GET /error directly", 404, "GET /error HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("POST /error directly", 404, "POST /error HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n" + END));
        corpus.add(HostileRequest.of("dot segments above the root", 400, "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("encoded dot segments", 400, "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("encoded slash", 400, "GET /models%2F..%2Fping HTTP/1.1\r\nHost: x\r\n" + END));
    }

    private static void bodies(List<HostileRequest> corpus) {
        corpus.add(post("JSON cut short", 400, "application/json", "[[1, 2"));
        corpus.add(post("JSON nested past the limit", 400, "application/json", "[".repeat(200) + "]".repeat(200)));
        corpus.add(post("XML body", 415, "application/xml", "<a/>"));
        corpus.add(post("Content-Type that is not a media type", 415, "garbage/", "[[1]]"));
        corpus.add(post("NPY that is not NPY", 400, "application/x-npy", "abcd"));
        corpus.add(post("multipart without a boundary", 415, "multipart/form-data", "--x\r\n\r\n--x--"));
        corpus.add(post("picture that is not a picture", 415, "image/png", "not a png"));
        corpus.add(HostileRequest.of("Accept nothing can answer", 406, "POST /invocations HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nAccept: text/html\r\nContent-Length: 5\r\n" + END + "[[1]]"));
        corpus.add(HostileRequest.of("POST /models with an array", 400, "POST /models HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n" + END + "[]"));
        corpus.add(HostileRequest.of("next_page_token that was never issued", 400,
                "GET /models?next_page_token=garbage HTTP/1.1\r\nHost: x\r\n" + END));
        corpus.add(HostileRequest.of("max_results that is not a number", 400,
                "GET /models?max_results=abc HTTP/1.1\r\nHost: x\r\n" + END));
    }

    private static HostileRequest post(String name, int expectedStatus, String contentType, String body) {
        return HostileRequest.of(name, expectedStatus, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length() + "\r\n" + END + body);
    }
}
