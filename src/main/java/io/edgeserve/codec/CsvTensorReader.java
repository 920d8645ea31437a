package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/csv} bodies into one float32 tensor of shape (rows, columns), one example per line, as
 * SageMaker's container reads them with {@code np.genfromtxt(body, delimiter=',')} for numeric data: cells
 * are Python float literals ({@code 1}, {@code -2.5e-3}, {@code .5}, {@code nan}, {@code inf}) with spaces
 * around them allowed, lines end in LF or CRLF, blank lines and text after {@code #} are skipped.
 *
 * <p>Where genfromtxt would quietly read NaN, this reader answers 400 naming line and column: a cell that is
 * not a number, an empty cell, and therefore a header line, which SageMaker's default handler does not
 * support either. Rows of different lengths are a 400, as in genfromtxt. Unlike genfromtxt, one row or one
 * column still gives a 2-D tensor; the caller reshapes rows to the model's input. Lines longer than
 * {@link CodecLimits#maxCsvLineChars()} are refused while they are read, before they are held.
 */
final class CsvTensorReader implements TensorReader {

    private final CodecLimits limits;

    CsvTensorReader(CodecLimits limits) {
        this.limits = limits;
    }

    @Override
    public DecodedInput read(InputStream body) throws IOException {
        Table table = new Table(new FloatAccumulator(new ElementBudget(limits.maxElements())));
        Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8);
        char[] chunk = new char[8192];
        StringBuilder line = new StringBuilder();
        int lineNumber = 1;
        boolean empty = true;
        for (int read = reader.read(chunk); read >= 0; read = reader.read(chunk)) {
            empty = false;
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (chunk[i] == '\n') {
                    append(line, chunk, start, i, lineNumber);
                    table.addLine(line, lineNumber++);
                    line.setLength(0);
                    start = i + 1;
                }
            }
            append(line, chunk, start, read, lineNumber);
        }
        if (empty) {
            throw ProblemException.malformed("the CSV body is empty");
        }
        table.addLine(line, lineNumber);
        return DecodedInput.Positional.of(table.toTensor());
    }

    /** Appends to the line being read, refusing it as soon as it is too long, with room for a final CR. */
    private void append(StringBuilder line, char[] chunk, int from, int to, int lineNumber) {
        if (line.length() + (to - from) > limits.maxCsvLineChars() + 1) {
            throw tooLong(lineNumber);
        }
        line.append(chunk, from, to - from);
    }

    private ProblemException tooLong(int lineNumber) {
        return ProblemException.malformed("CSV line " + lineNumber + " is longer than " + limits.maxCsvLineChars()
                + " characters");
    }

    /** The rows read so far: their width and values. */
    private final class Table {
        private final FloatAccumulator values;
        private long rows;
        private int columns;
        private int firstRowLine;

        Table(FloatAccumulator values) {
            this.values = values;
        }

        void addLine(StringBuilder raw, int lineNumber) {
            if (!raw.isEmpty() && raw.charAt(raw.length() - 1) == '\r') {
                raw.setLength(raw.length() - 1);
            }
            if (raw.length() > limits.maxCsvLineChars()) {
                throw tooLong(lineNumber);
            }
            int comment = raw.indexOf("#");
            String line = (comment < 0 ? raw.toString() : raw.substring(0, comment)).strip();
            if (line.isEmpty()) {
                return;
            }
            int column = 0;
            for (int start = 0; start <= line.length(); ) {
                int comma = line.indexOf(',', start);
                int end = comma < 0 ? line.length() : comma;
                values.add(cell(line.substring(start, end).strip(), lineNumber, ++column));
                start = end + 1;
            }
            if (rows == 0) {
                columns = column;
                firstRowLine = lineNumber;
            } else if (column != columns) {
                throw ProblemException.malformed("CSV line " + lineNumber + " has " + Detail.count(column, "value")
                        + ", line " + firstRowLine + " has " + columns);
            }
            rows++;
        }

        private double cell(String text, int lineNumber, int column) {
            String where = "CSV line " + lineNumber + ", column " + column;
            if (text.isEmpty()) {
                throw ProblemException.malformed(where + " is empty");
            }
            try {
                return parsePythonFloat(text);
            } catch (NumberFormatException e) {
                throw ProblemException.malformed(where + ": " + Detail.quote(text) + " is not a number"
                        + (rows == 0 ? " (a header line is not supported; send only numbers)" : ""));
            }
        }

        Tensor toTensor() {
            if (rows == 0) {
                throw ProblemException.malformed("the CSV body has no rows of numbers");
            }
            return values.toTensor(Shape.of(rows, columns));
        }
    }

    /**
     * Parses what Python's {@code float()} accepts, which is narrower than {@link Double#parseDouble}
     * (no hex, no {@code f}/{@code d} suffixes) and wider in spelling ({@code nan}, {@code inf}, {@code infinity}
     * in any case). Digit-group underscores, which {@code float()} also accepts, are not.
     */
    private static double parsePythonFloat(String text) {
        int i = 0;
        int length = text.length();
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i++;
        }
        String unsigned = text.substring(i);
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int digits = 0;
        for (; i < length && isDigit(text.charAt(i)); i++) {
            digits++;
        }
        if (i < length && text.charAt(i) == '.') {
            for (i++; i < length && isDigit(text.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits > 0 && i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < length && isDigit(text.charAt(i)); i++) {
                exponentDigits++;
            }
            digits = exponentDigits == 0 ? 0 : digits;
        }
        if (digits == 0 || i != length) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
