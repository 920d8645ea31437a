package io.edgeserve.sync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@code catalogue.json}. Reading is strict: a missing or mistyped field is an error naming it,
 * never a default, because a catalogue that says less than its publisher meant must not be served.
 *
 * <pre>{@code
 * {"format": 1, "version": 7, "expires": "2027-01-01T00:00:00Z", "atomic": false,
 *  "models": [{"name": "cifar", "version": 2,
 *              "files": [{"path": "cifar/2/model-symbol.json", "size": 1234, "sha256": "..."}],
 *              "selfTest": {"shape": [1, 2], "input": [1, 2], "expected": [5.0], "tolerance": 0.001}}]}
 * }</pre>
 * A self-test may give {@code "fill": 0.5} instead of {@code "input"}: every input value the same.
 */
public final class CatalogueJson {

    public static final int FORMAT = 1;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CatalogueJson() {}

    /** @throws IllegalArgumentException naming what is wrong */
    public static Catalogue read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("catalogue.json is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("catalogue.json must be a JSON object");
        }
        long format = number(root, "format", "catalogue");
        if (format != FORMAT) {
            throw new IllegalArgumentException("catalogue format " + format + " is not supported (this gateway reads "
                    + FORMAT + ")");
        }
        Instant expires;
        try {
            expires = Instant.parse(text(root, "expires", "catalogue"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("catalogue 'expires' must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
        boolean atomic = root.has("atomic") && root.get("atomic").asBoolean(false);
        List<Catalogue.Release> releases = new ArrayList<>();
        for (JsonNode model : array(root, "models", "catalogue")) {
            String name = text(model, "name", "model");
            List<Catalogue.FileEntry> files = new ArrayList<>();
            for (JsonNode file : array(model, "files", "model '" + name + "'")) {
                String where = "a file of model '" + name + "'";
                files.add(new Catalogue.FileEntry(text(file, "path", where), number(file, "size", where),
                        text(file, "sha256", where)));
            }
            JsonNode test = model.get("selfTest");
            releases.add(new Catalogue.Release(name, number(model, "version", "model '" + name + "'"), files,
                    test == null || test.isNull() ? null : selfTest(test, name)));
        }
        return new Catalogue(number(root, "version", "catalogue"), expires, atomic, releases);
    }

    /** A self-test on its own ({@code selftest.json} beside a model's files when publishing). */
    public static Catalogue.SelfTest readSelfTest(byte[] json, String model) {
        try {
            return selfTest(MAPPER.readTree(json), model);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static Catalogue.SelfTest selfTest(JsonNode test, String model) {
        String where = "the self-test of model '" + model + "'";
        List<Long> shape = new ArrayList<>();
        for (JsonNode dim : array(test, "shape", where)) {
            shape.add(dim.asLong());
        }
        float[] input;
        if (test.has("fill")) {
            long size = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
            input = new float[Math.toIntExact(size)];
            Arrays.fill(input, (float) test.get("fill").asDouble());
        } else {
            input = floats(array(test, "input", where));
        }
        JsonNode tolerance = test.get("tolerance");
        return new Catalogue.SelfTest(shape, input, floats(array(test, "expected", where)),
                tolerance == null ? 1e-4 : tolerance.asDouble());
    }

    /** The catalogue as pretty-printed UTF-8 JSON, in the order {@link #read} expects to find fields. */
    public static byte[] write(Catalogue catalogue) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", catalogue.version());
        root.put("expires", catalogue.expires().toString());
        root.put("atomic", catalogue.atomic());
        ArrayNode models = root.putArray("models");
        for (Catalogue.Release release : catalogue.models()) {
            ObjectNode model = models.addObject();
            model.put("name", release.name());
            model.put("version", release.version());
            ArrayNode files = model.putArray("files");
            for (Catalogue.FileEntry file : release.files()) {
                files.addObject().put("path", file.path()).put("size", file.size()).put("sha256", file.sha256());
            }
            if (release.selfTest() != null) {
                Catalogue.SelfTest test = release.selfTest();
                ObjectNode node = model.putObject("selfTest");
                ArrayNode shape = node.putArray("shape");
                test.shape().forEach(shape::add);
                ArrayNode input = node.putArray("input");
                for (float value : test.input()) {
                    input.add(value);
                }
                ArrayNode expected = node.putArray("expected");
                for (float value : test.expected()) {
                    expected.add(value);
                }
                node.put("tolerance", test.tolerance());
            }
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static long number(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(where + " needs an integer '" + field + "'");
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(where + " needs a string '" + field + "'");
        }
        return value.asString();
    }

    private static JsonNode array(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(where + " needs an array '" + field + "'");
        }
        return value;
    }
}
