package io.edgeserve.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A Prometheus text exposition, parsed into samples that tests (and the benchmark) can look up by name and labels. */
public record Exposition(String text, List<Sample> samples) {

    /** One sample line: {@code name{label="value",...} number}. */
    public record Sample(String name, Map<String, String> labels, double value) {

        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, number(matcher.group(3))));
        }
        return new Exposition(text, samples);
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Every sample name in the exposition, e.g. {@code edgeserve_queue_wait_seconds_bucket}. */
    Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toSet());
    }

    /** The samples of {@code name} carrying every given label ({@code "model", "iris", ...}). */
    public List<Sample> find(String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        return samples.stream().filter(s -> s.name().equals(name) && s.has(wanted)).toList();
    }

    /** The sum of the matching samples' values; 0 where none matches. */
    public double sum(String name, String... labelPairs) {
        return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }

    /** The one sample's value; fails unless exactly one matches. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + pairs(labelPairs) + ", found " + found);
        }
        return found.getFirst().value();
    }

    /** The samples with this label value under any name: a model's series, say. */
    List<Sample> withLabel(String label, String value) {
        return samples.stream().filter(s -> value.equals(s.labels().get(label))).toList();
    }

    /** The {@code # TYPE} declared for a metric family, e.g. {@code histogram}; null where none is. */
    String type(String family) {
        Pattern declaration = Pattern.compile("^# TYPE " + Pattern.quote(family) + " (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = declaration.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return wanted;
    }
}
