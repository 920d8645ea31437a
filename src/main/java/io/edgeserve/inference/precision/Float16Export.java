package io.edgeserve.inference.precision;

import io.edgeserve.inference.format.MxnetCheckpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Float16Exporter} wrote: the checkpoint it read, the one it wrote, and their params files' sizes.
 *
 * @param source the float32 checkpoint
 * @param target the float16 variant, with the source's prefix and epoch
 * @param float32ParamsBytes the source params file's size
 * @param float16ParamsBytes the variant's params file's size
 * @param castParameters how many parameters the variant stores in float16 (each has a {@code Cast} in the graph)
 * @param copiedFiles the companion files copied beside the checkpoint, such as {@code synset.txt}
 */
public record Float16Export(MxnetCheckpoint source, MxnetCheckpoint target, long float32ParamsBytes,
        long float16ParamsBytes, int castParameters, List<Path> copiedFiles) {

    public Float16Export {
        copiedFiles = List.copyOf(copiedFiles);
    }

    /** The variant's params file size as a fraction of the source's, about 0.5. */
    public double paramsRatio() {
        return (double) float16ParamsBytes / float32ParamsBytes;
    }
}
