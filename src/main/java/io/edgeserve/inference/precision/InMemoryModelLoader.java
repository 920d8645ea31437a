package io.edgeserve.inference.precision;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.mxnet.engine.MxNDManager;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.mxnet.engine.Symbol;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Makes a DJL MXNet {@link Model} from a symbol graph and params held in memory, such as a {@link Float16Variant}
 * derived at load time, without writing files. Its rule: the result is what {@code Model.load} would give for the
 * same two files: parameters are matched to the graph by name (the {@code arg:}/{@code aux:} prefix dropped), the
 * graph's variables that no parameter fills become the inputs, and the model's data type is that of the first
 * parameter, as DJL's MXNet loader sets it.
 *
 * <p>MXNet loads a symbol from a string ({@code MXSymbolCreateFromJSON}, DJL's {@link Symbol#loadJson}), so no
 * temporary file is needed. The model has no model folder: {@code Model.getArtifactNames()} and friends do not work.
 */
public final class InMemoryModelLoader {

    private InMemoryModelLoader() {}

    /**
     * @param name the model's name
     * @param symbolJson a {@code PREFIX-symbol.json} document
     * @param params its params, keyed {@code arg:NAME}/{@code aux:NAME}
     * @return a model on the CPU; the caller closes it
     * @throws IllegalArgumentException if a parameter names no variable of the graph
     */
    public static Model load(String name, String symbolJson, SequencedMap<String, Tensor> params) {
        Model model = Model.newInstance(name, Device.cpu(), "MXNet");
        try {
            MxNDManager manager = (MxNDManager) model.getNDManager();
            MxSymbolBlock block = new MxSymbolBlock(manager, Symbol.loadJson(manager, symbolJson));
            Map<String, Tensor> byName = new HashMap<>();
            params.forEach((key, tensor) -> byName.put(key.substring(key.indexOf(':') + 1), tensor));
            List<String> inputNames = new ArrayList<>();
            for (Parameter parameter : block.getAllParameters()) {
                Tensor tensor = byName.remove(parameter.getName());
                if (tensor == null) {
                    inputNames.add(parameter.getName());
                } else {
                    NDArray array = manager.create(tensor.data(), new Shape(tensor.shape().dims()),
                            djlType(tensor));
                    array.setName(parameter.getName());
                    parameter.setArray(array);
                }
            }
            if (!byName.isEmpty()) {
                throw new IllegalArgumentException("the graph has no variables for the parameters " + byName.keySet());
            }
            block.setInputNames(inputNames);
            model.setBlock(block);
            if (!params.isEmpty()) {
                model.setDataType(djlType(params.firstEntry().getValue()));
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    // Every edgeserve type has a DJL namesake (FLOAT16, INT64, BOOLEAN...).
    private static DataType djlType(Tensor tensor) {
        return DataType.valueOf(tensor.dataType().name());
    }
}
