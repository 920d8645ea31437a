package io.edgeserve.batching;

import java.util.ArrayList;
import java.util.List;

/** A test payload: named rows, and a key standing for per-row shape and type. */
record Payload(String key, List<String> rows) {

    static Payload of(String key, String... rows) {
        return new Payload(key, List.of(rows));
    }

    /** What the fake model answers for these rows: each row echoed, so every caller can check it got its own. */
    List<String> echo() {
        return rows.stream().map(row -> "echo:" + row).toList();
    }

    /** Merges and splits payloads as a tensor codec would, and refuses to mix keys so a wrong batch shows. */
    static final class Rows implements BatchRows<Payload, List<String>> {

        @Override
        public int rows(Payload input) {
            return input.rows().size();
        }

        @Override
        public Object compatibilityKey(Payload input) {
            return input.key();
        }

        @Override
        public Payload merge(List<Payload> inputs) {
            String key = inputs.getFirst().key();
            List<String> rows = new ArrayList<>();
            for (Payload input : inputs) {
                if (!input.key().equals(key)) {
                    throw new IllegalStateException("merged keys " + key + " and " + input.key());
                }
                rows.addAll(input.rows());
            }
            return new Payload(key, rows);
        }

        @Override
        public List<List<String>> split(List<String> output, int[] rowCounts) {
            List<List<String>> parts = new ArrayList<>();
            int from = 0;
            for (int count : rowCounts) {
                parts.add(List.copyOf(output.subList(from, from + count)));
                from += count;
            }
            if (from != output.size()) {
                throw new IllegalStateException("split " + from + " of " + output.size() + " rows");
            }
            return parts;
        }
    }
}
