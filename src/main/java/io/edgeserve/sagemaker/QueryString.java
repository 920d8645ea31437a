package io.edgeserve.sagemaker;

/**
 * Reads one parameter from a request's query string as it is, not through {@code getParameter}, which would
 * consume a form-encoded body.
 */
final class QueryString {

    private QueryString() {}

    /** The value of the first {@code name=value} pair, stripped; null where the query has none. */
    static String value(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
                return pair.substring(equals + 1).strip();
            }
        }
        return null;
    }
}
