package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;

/**
 * Splits a {@code multipart/form-data} body (RFC 7578, on RFC 2046's syntax) into its parts, in order. The body
 * is already in memory and bounded by the HTTP layer; this parser writes nothing to disk, which is why
 * edgeserve reads multipart itself instead of through the servlet container (whose parts spill to temporary
 * files and obey separate size limits). Lines end in CRLF, as every HTTP client writes them.
 */
final class MultipartBody {

    /** A part's headers larger than this are not a picture upload's. */
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*\"([^\"]*)\"");

    /** One part: its form field name and file name where given, and its bytes. */
    record Part(int index, String name, String filename, byte[] content) {

        /** How a problem detail names the part: "part 2 ('photo', cat.jpg)". */
        String describe() {
            StringBuilder text = new StringBuilder("part ").append(index);
            if (name != null || filename != null) {
                text.append(" (");
                if (name != null) {
                    text.append(Detail.quote(name));
                }
                if (filename != null) {
                    text.append(name != null ? ", " : "").append(Detail.quote(filename));
                }
                text.append(")");
            }
            return text.toString();
        }
    }

    private MultipartBody() {}

    /**
     * @param contentType the request's type, whose {@code boundary} parameter separates the parts
     * @param maxParts    most parts allowed; more is a 413
     * @throws ProblemException 400 where the body is not well-formed multipart, 413 past {@code maxParts}
     */
    static List<Part> parse(MediaType contentType, byte[] body, int maxParts) {
        String boundary = contentType.getParameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw ProblemException.malformed("a multipart/form-data Content-Type needs a boundary parameter of 1 to 70 "
                    + "characters, as in multipart/form-data; boundary=xyz");
        }
        if (boundary.length() > 1 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
            boundary = boundary.substring(1, boundary.length() - 1);
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = startsAt(body, 0, delimiter) ? 0 : indexOf(body, separator, 0);
        if (position < 0) {
            throw ProblemException.malformed("the multipart body holds no part delimited by its boundary "
                    + Detail.quote(boundary));
        }
        position += startsAt(body, position, delimiter) ? delimiter.length : separator.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsAt(body, position, new byte[] {'-', '-'})) {
                break;
            }
            position = skipTransportPadding(body, position);
            if (!startsAt(body, position, CRLF)) {
                throw ProblemException.malformed("the multipart body is malformed after boundary " + (parts.size() + 1)
                        + ": a boundary line must end in CRLF");
            }
            position += CRLF.length;
            int index = parts.size() + 1;
            if (index > maxParts) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the request holds more than " + maxParts
                        + " pictures (edgeserve.image.max-images)").with("maxImages", maxParts);
            }
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, position);
            boolean noHeaders = startsAt(body, position, CRLF);
            if (!noHeaders && (headersEnd < 0 || headersEnd - position > MAX_HEADER_BYTES)) {
                throw ProblemException.malformed("part " + index + " of the multipart body has no end to its headers "
                        + "(a blank line) within " + MAX_HEADER_BYTES + " bytes");
            }
            String headers = noHeaders ? "" : new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            int contentStart = noHeaders ? position + CRLF.length : headersEnd + 4;
            int contentEnd = indexOf(body, separator, contentStart);
            if (contentEnd < 0) {
                throw ProblemException.malformed("part " + index + " of the multipart body is truncated: the body ends "
                        + "before the boundary that closes it");
            }
            String disposition = header(headers, "content-disposition");
            parts.add(new Part(index, parameter(disposition, NAME), parameter(disposition, FILENAME),
                    Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + separator.length;
        }
        if (parts.isEmpty()) {
            throw ProblemException.malformed("the multipart body holds no part");
        }
        return parts;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String parameter(String disposition, Pattern pattern) {
        if (disposition == null) {
            return null;
        }
        Matcher matcher = pattern.matcher(disposition);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int skipTransportPadding(byte[] body, int position) {
        while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
            position++;
        }
        return position;
    }

    private static boolean startsAt(byte[] body, int position, byte[] prefix) {
        if (position < 0 || body.length - position < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[position + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] target, int from) {
        byte first = target[0];
        for (int i = Math.max(from, 0); i <= body.length - target.length; i++) {
            if (body[i] == first && startsAt(body, i, target)) {
                return i;
            }
        }
        return -1;
    }
}
