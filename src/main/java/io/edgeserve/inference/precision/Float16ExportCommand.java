package io.edgeserve.inference.precision;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code edgeserve export-fp16 MODEL_DIR OUT_DIR}: writes the float16 variant of a model folder and says what it
 * wrote. Its rule: exit status 0 when the variant is written, 1 when the model or a file refused, 2 for a usage
 * error; messages go to stderr, the report to stdout. It needs no engine: the export is plain file work.
 */
public final class Float16ExportCommand {

    public static final String NAME = "export-fp16";
    public static final String USAGE = "usage: edgeserve " + NAME + " MODEL_DIR OUT_DIR";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;

    private Float16ExportCommand() {}

    /** Runs with the arguments that follow {@value #NAME} on the command line; returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE);
            out.println("Writes the float16 variant of the MXNet model in MODEL_DIR (PREFIX-symbol.json and the");
            out.println("highest PREFIX-NNNN.params, or those edgeserve.json names) into the new folder OUT_DIR.");
            return OK;
        }
        for (String arg : args) {
            if (arg.startsWith("-")) {
                err.println(NAME + ": unknown option '" + arg + "'");
                err.println(USAGE);
                return USAGE_ERROR;
            }
        }
        if (args.length != 2) {
            err.println(NAME + ": expected 2 arguments, got " + args.length);
            err.println(USAGE);
            return USAGE_ERROR;
        }
        try {
            report(Float16Exporter.export(Path.of(args[0]), Path.of(args[1])), out);
            return OK;
        } catch (IOException | IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            return FAILED;
        }
    }

    private static void report(Float16Export export, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "read  %s (%,d bytes, float32)%n", export.source().paramsFile(),
                export.float32ParamsBytes());
        out.printf(Locale.ROOT, "wrote %s (%,d bytes; %d float16 parameters cast to float32 in the graph)%n",
                export.target().symbolFile(), Files.size(export.target().symbolFile()), export.castParameters());
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, float16, %.1f%% of float32)%n", export.target().paramsFile(),
                export.float16ParamsBytes(), 100 * export.paramsRatio());
        export.copiedFiles().forEach(file -> out.println("copied " + file));
    }
}
