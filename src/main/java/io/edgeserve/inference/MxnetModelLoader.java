package io.edgeserve.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import io.edgeserve.model.InvalidModelException;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.model.TensorSpec;
import io.edgeserve.inference.format.MxnetParams;
import io.edgeserve.inference.precision.Float16Variant;
import io.edgeserve.inference.precision.InMemoryModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads an MXNet symbol and params pair with DJL's MXNet engine and works out its signature: the graph's
 * free variables that the params file does not fill are its inputs, less the training labels.
 */
public final class MxnetModelLoader implements ModelEngine {

    private final int workers;
    private final int maxShapes;

    /** The input shapes a worker keeps an executor for unless configured otherwise. */
    public static final int DEFAULT_MAX_SHAPES = 8;

    /** @param workers the workers per model; each keeps executors for {@value #DEFAULT_MAX_SHAPES} shapes */
    public MxnetModelLoader(int workers) {
        this(workers, DEFAULT_MAX_SHAPES);
    }

    /**
     * @param workers   the workers per model, which decides MXNet's threading before it loads
     * @param maxShapes the input shapes each worker keeps an executor for, by default; 0 for no cap
     */
    public MxnetModelLoader(int workers, int maxShapes) {
        this.workers = workers;
        this.maxShapes = maxShapes;
    }

    @Override
    public void awaitReady() {
        MxnetLibrary.await(workers, maxShapes);
    }

    @Override
    public InferenceModel load(ModelFiles files) {
        awaitReady();
        SymbolGraph graph = SymbolGraph.read(files.symbolFile());
        checkParams(files);
        Model model = Model.newInstance(files.name(), Device.cpu(), "MXNet");
        try {
            model.load(files.dir(), files.prefix(), Map.of("epoch", Integer.toString(files.epoch())));
            Set<String> parameters = new HashSet<>(model.getBlock().getParameters().keys());
            ModelSignature signature = signature(files, graph, parameters);
            return new MxnetModel(model, signature, maxShapes(files));
        } catch (IOException | MalformedModelException | EngineException | IllegalArgumentException e) {
            model.close();
            throw new InvalidModelException("the engine cannot load " + files.prefix() + " epoch " + files.epoch()
                    + " from " + files.paramsFile().getFileName() + ": the file is corrupt, truncated or does not fit the"
                    + " graph (" + inWords(withoutFolder(e.getMessage(), files)) + ")", e);
        } catch (InvalidModelException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public InferenceModel deriveFloat16(ModelFiles files, InferenceModel float32) {
        Float16Variant variant;
        try {
            variant = Float16Variant.derive(Files.readString(files.symbolFile()), MxnetParams.read(files.paramsFile()));
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + files.prefix() + " to derive its float16 variant: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("no float16 variant can be derived: " + e.getMessage(), e);
        }
        Model model = InMemoryModelLoader.load(files.name() + "@float16", variant.symbolJson(), variant.params());
        return new MxnetModel(model, float32.signature(), maxShapes(files));
    }

    /**
     * MXNet believes the sizes a params file declares and allocates them before reading: a few corrupt header
     * bytes made it ask for terabytes and the kernel killed the whole service. So no file reaches it before our
     * own reader has checked that its structure adds up, which reads only its headers.
     */
    private static void checkParams(ModelFiles files) {
        try {
            MxnetParams.checkLayout(files.paramsFile());
        } catch (IOException e) {
            throw new InvalidModelException("cannot load " + files.prefix() + " epoch " + files.epoch() + ": "
                    + files.paramsFile().getFileName() + " is not a well-formed params file, so it was not given to"
                    + " the engine (" + withoutFolder(e.getMessage(), files) + ")", e);
        }
    }

    /** The manifest's own cap where it sets one, else the configured one. */
    private int maxShapes(ModelFiles files) {
        Integer own = files.manifest().maxShapes();
        return own != null ? own : maxShapes;
    }

    private static ModelSignature signature(ModelFiles files, SymbolGraph graph, Set<String> parameters) {
        List<String> labels = graph.labelVariables().stream().filter(name -> !parameters.contains(name)).toList();
        List<String> graphInputs = graph.variables().stream()
                .filter(name -> !parameters.contains(name) && !labels.contains(name))
                .toList();
        if (graphInputs.isEmpty()) {
            throw new InvalidModelException("the graph has no input that the params file leaves open");
        }
        ModelManifest manifest = files.manifest();
        List<TensorSpec> inputs = manifest.inputs() != null
                ? manifest.inputs()
                : ManifestReader.readShapes(files.dir(), files.prefix()).orElseGet(() ->
                        graphInputs.stream().map(name -> new TensorSpec(name, null, null)).toList());
        List<TensorSpec> served = new ArrayList<>();
        for (TensorSpec input : inputs) {
            if (labels.contains(input.name())) {
                continue;
            }
            if (!graphInputs.contains(input.name())) {
                throw new InvalidModelException("input '" + input.name() + "' is not an input of the graph, whose inputs are "
                        + graphInputs);
            }
            served.add(input);
        }
        if (served.size() != graphInputs.size()) {
            throw new InvalidModelException("the graph takes inputs " + graphInputs + " but the manifest describes "
                    + served.stream().map(TensorSpec::name).toList());
        }
        List<String> outputs = graph.outputNames();
        if (manifest.outputs() != null) {
            if (manifest.outputs().size() != outputs.size()) {
                throw new InvalidModelException("the manifest names " + manifest.outputs().size() + " outputs but the graph has "
                        + outputs.size() + " " + outputs);
            }
            outputs = manifest.outputs().stream().map(ModelManifest.OutputSpec::name).toList();
        }
        return new ModelSignature(served, labels, outputs, ManifestReader.classLabels(files.dir(), manifest));
    }

    /** Engine messages name absolute paths; clients and logs need only the file names. */
    /**
     * The engine's reason without what only its developers can read: no native stack trace, source file or
     * line, no library or exception names, on one line.
     */
    static String inWords(String message) {
        String words = message;
        int trace = words.indexOf("Stack trace");
        if (trace >= 0) {
            words = words.substring(0, trace);
        }
        words = words.replaceAll("\\[\\d{2}:\\d{2}:\\d{2}\\]", " ")
                .replaceAll("[\\w./-]*\\.(cc|h|cpp|hpp|py)(:\\d+)?:?", " ")
                .replaceAll("File \"[^\"]*\", line \\d+", " ")
                .replaceAll("(?i)\\b(MXNet engine call failed|MXNetError|ai\\.djl\\.[\\w.]+|[\\w.]*Exception):?", " ")
                .replaceAll("Check failed:", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return words.isEmpty() ? "no reason given" : words;
    }

    private static String withoutFolder(String message, ModelFiles files) {
        if (message == null) {
            return "no reason given";
        }
        return message.replace(files.dir().toAbsolutePath() + "/", "").replace(files.dir() + "/", "");
    }
}
