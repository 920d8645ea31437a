package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.Arrays;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Streams one JSON value, a number or a nested list of numbers, into a float32 tensor as
 * {@code mx.nd.array(json.loads(body))} would build it, without building a tree: the shape is learnt from
 * the first list at each depth and every later list must match it, so a ragged list fails where it becomes
 * ragged. One instance reads one value.
 */
final class NestedListReader {

    private final JsonParser parser;
    private final int maxRank;
    private final String subject;
    private final FloatAccumulator values;
    /** Per open list, how many elements it has had so far: also the index of the element being read. */
    private final int[] counts;
    /** Per depth, the length of the first list that closed there, or -1. */
    private final long[] lengths;
    /** How many lists enclose the numbers, known from the first number or empty list seen. */
    private int leafDepth = -1;
    private int open;

    /**
     * @param maxRank how many lists deep the value may nest, what the nesting limit leaves for it
     * @param subject what the value is, for messages: {@code "the body"} or {@code "input 'data'"}
     */
    private NestedListReader(JsonParser parser, int maxRank, String subject, ElementBudget budget) {
        this.parser = parser;
        this.maxRank = maxRank;
        this.subject = subject;
        this.values = new FloatAccumulator(budget);
        this.counts = new int[maxRank];
        this.lengths = new long[maxRank];
        Arrays.fill(lengths, -1);
    }

    /** Reads the value whose first token is the parser's current token, leaving the parser on its last token. */
    static Tensor read(JsonParser parser, int maxRank, String subject, ElementBudget budget) {
        return new NestedListReader(parser, maxRank, subject, budget).read();
    }

    private Tensor read() {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_ARRAY) {
            if (!token.isNumeric()) {
                throw ProblemException.malformed(subject + " must be a number or a list of numbers, found "
                        + JsonTokens.describe(token));
            }
            addNumber();
            return values.toTensor(Shape.of());
        }
        while (true) {
            switch (token) {
                case START_ARRAY -> openList();
                case END_ARRAY -> {
                    closeList();
                    if (open == 0) {
                        return values.toTensor(Shape.of(Arrays.copyOf(lengths, leafDepth)));
                    }
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (leafDepth < 0) {
                        leafDepth = open;
                    } else if (open != leafDepth) {
                        throw ragged("element " + path() + " is a number where " + firstPath(open)
                                + " is a list");
                    }
                    addNumber();
                    counts[open - 1]++;
                }
                default -> throw ProblemException.malformed(subject + ": element " + path() + " is "
                        + JsonTokens.describe(token) + ", not a number");
            }
            token = parser.nextToken();
        }
    }

    private void openList() {
        if (leafDepth >= 0 && open >= leafDepth) {
            throw ragged("element " + path() + " is a list where " + firstPath(open) + " is a number");
        }
        if (open == maxRank) {
            throw ProblemException.malformed(subject + " nests lists deeper than the " + maxRank
                    + " levels allowed");
        }
        counts[open++] = 0;
    }

    private void closeList() {
        int length = counts[--open];
        if (leafDepth < 0) {
            leafDepth = open + 1;
        }
        if (lengths[open] < 0) {
            lengths[open] = length;
        } else if (lengths[open] != length) {
            throw ragged(open == 1 && leafDepth == 2
                    ? "row " + (counts[0] + 1) + " has " + Detail.count(length, "value") + ", row 1 has "
                            + lengths[open]
                    : "list " + path() + " has " + Detail.count(length, "element") + ", list " + firstPath(open)
                            + " has " + lengths[open]);
        }
        if (open > 0) {
            counts[open - 1]++;
        }
    }

    private void addNumber() {
        values.add(JsonTokens.pythonNumber(parser));
    }

    private ProblemException ragged(String where) {
        return ProblemException.malformed(subject + " is not a rectangular array: " + where);
    }

    /** Where the reader is, as Python would index it: {@code [1][0]}; {@code []} for the outermost list. */
    private String path() {
        return path(open, false);
    }

    /** The index path of the first element at this depth: {@code [0][0]}. */
    private String firstPath(int depth) {
        return path(depth, true);
    }

    private String path(int depth, boolean first) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append('[').append(first ? 0 : counts[i]).append(']');
        }
        return out.isEmpty() ? "[]" : out.toString();
    }
}
