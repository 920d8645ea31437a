package io.edgeserve.inference.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fisher's Iris flowers: four measurements in centimetres and a species index into {@link #SPECIES}. The rows
 * keep the CSV's order, so a seed and this class fully determine every split. The arrays are handed out as
 * they are, not copied: callers read them and never write.
 *
 * @param features one row of {@code [sepal_length, sepal_width, petal_length, petal_width]} per flower
 * @param labels the species index of each row
 */
public record IrisDataset(float[][] features, int[] labels) {

    /** The species in label order; also the lines of the exported {@code synset.txt}. */
    public static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
    public static final int FEATURES = 4;
    static final String RESOURCE = "/datasets/iris.csv";
    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";

    public IrisDataset {
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " rows but " + labels.length + " labels");
        }
    }

    /** A fixed split: {@code train} and {@code test} rows, {@code test} holding the same number of each species. */
    public record Split(IrisDataset train, IrisDataset test) {}

    /** The 150 rows of {@code src/test/resources/datasets/iris.csv}. */
    public static IrisDataset load() {
        try (InputStream in = IrisDataset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the classpath has no " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IrisDataset parse(BufferedReader reader) throws IOException {
        if (!HEADER.equals(reader.readLine())) {
            throw new IOException("iris CSV must start with the header " + HEADER);
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String[] fields = line.split(",", -1);
            if (fields.length != FEATURES + 1 || !SPECIES.contains(fields[FEATURES])) {
                throw new IOException("bad iris CSV line " + (rows.size() + 2) + ": " + line);
            }
            float[] row = new float[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                row[i] = Float.parseFloat(fields[i]);
            }
            rows.add(row);
            labels.add(SPECIES.indexOf(fields[FEATURES]));
        }
        return new IrisDataset(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    public int size() {
        return labels.length;
    }

    /** These rows, in the order given. */
    public IrisDataset select(List<Integer> rows) {
        float[][] selected = new float[rows.size()][];
        int[] selectedLabels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            selected[i] = features[rows.get(i)].clone();
            selectedLabels[i] = labels[rows.get(i)];
        }
        return new IrisDataset(selected, selectedLabels);
    }

    /**
     * Shuffles each species' rows with {@code seed} and holds out the first {@code testPerSpecies} of each, so the
     * test set is balanced however the CSV is ordered.
     */
    public Split stratifiedSplit(int testPerSpecies, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int species = 0; species < SPECIES.size(); species++) {
            List<Integer> rows = new ArrayList<>();
            for (int row = 0; row < labels.length; row++) {
                if (labels[row] == species) {
                    rows.add(row);
                }
            }
            Collections.shuffle(rows, random);
            test.addAll(rows.subList(0, testPerSpecies));
            train.addAll(rows.subList(testPerSpecies, rows.size()));
        }
        Collections.sort(train);
        Collections.sort(test);
        return new Split(select(train), select(test));
    }
}
