package io.edgeserve.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What turning one picture into one example of a model's input costs, single-threaded, as the image codec does it
 * for a JPEG or PNG request: the median time to decode the picture and to preprocess it (resize, normalise,
 * layout) as the model's manifest says.
 *
 * @param picture what was decoded, e.g. "PNG 32x32"
 */
record DecodePoint(String model, String picture, double p50DecodeMillis, double p50PreprocessMillis) {

    double p50TotalMillis() {
        return p50DecodeMillis + p50PreprocessMillis;
    }

    String toLine() {
        return String.format(Locale.ROOT, "%s\t%s\t%.4f\t%.4f", model, picture, p50DecodeMillis, p50PreprocessMillis);
    }

    static DecodePoint parse(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 4) {
            throw new IllegalArgumentException("not a decode result line: " + line);
        }
        return new DecodePoint(fields[0], fields[1], Double.parseDouble(fields[2]), Double.parseDouble(fields[3]));
    }

    /** Repeated measurements of the same picture, keeping the least disturbed (lowest) medians. */
    static List<DecodePoint> bestOfRounds(List<DecodePoint> points) {
        Map<List<String>, DecodePoint> best = new LinkedHashMap<>();
        for (DecodePoint point : points) {
            best.merge(List.of(point.model, point.picture), point, (a, b) -> new DecodePoint(a.model, a.picture,
                    Math.min(a.p50DecodeMillis, b.p50DecodeMillis),
                    Math.min(a.p50PreprocessMillis, b.p50PreprocessMillis)));
        }
        return new ArrayList<>(best.values());
    }
}
