package io.edgeserve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Manifests may leave any axis free (-1) or bound it; requests are checked against them before inference. */
class FreeAxesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ModelSignature detector() {
        ModelManifest manifest = ManifestReader.parse(JSON.readTree("""
                {"inputs": [{"name": "data", "shape": [-1, 3, {"min": 12, "max": 1920}, {"min": 12, "max": 1920}]}]}
                """));
        return new ModelSignature(manifest.inputs(), List.of(), List.of("out"), List.of());
    }

    @Test
    void sizesWithinTheBounds_keepTheirOwnShape() {
        List<Tensor> bound = InputBinding.bindPositional(detector(), List.of(Tensor.ofFloats(Shape.of(1, 3, 12, 20),
                new float[3 * 12 * 20])), false);
        assertThat(bound.getFirst().shape()).isEqualTo(Shape.of(1, 3, 12, 20));
    }

    @Test
    void sizeOutsideTheBounds_is400NamingTheAxisAndTheBounds() {
        assertThatThrownBy(() -> InputBinding.bindPositional(detector(), List.of(Tensor.ofFloats(Shape.of(1, 3, 11, 20),
                new float[3 * 11 * 20])), false))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.getMessage()).contains("(N, 3, 12..1920, 12..1920)", "(1, 3, 11, 20)",
                            "axis 2 must be 12 to 1920, was 11");
                    assertThat(problem.properties()).containsEntry("expectedShape", "(N, 3, 12..1920, 12..1920)");
                });
    }

    @Test
    void fixedAxisBesideFreeOnes_isStillChecked() {
        assertThatThrownBy(() -> InputBinding.bindPositional(detector(), List.of(Tensor.ofFloats(Shape.of(1, 1, 20, 20),
                new float[400])), false))
                .isInstanceOf(ProblemException.class).hasMessageContaining("axis 1 must be 3, was 1");
    }

    @Test
    void otherRank_isRefused() {
        assertThatThrownBy(() -> InputBinding.bindPositional(detector(), List.of(Tensor.ofFloats(Shape.of(1, 60),
                new float[60])), false))
                .isInstanceOf(ProblemException.class).hasMessageContaining("3 dimensions");
    }

    @Test
    void minusOneAnywhere_takesAnySize() {
        ModelManifest manifest = ManifestReader.parse(JSON.readTree("""
                {"inputs": [{"name": "tokens", "shape": [-1, -1], "dtype": "int32"}]}"""));
        ModelSignature signature = new ModelSignature(manifest.inputs(), List.of(), List.of("out"), List.of());
        Tensor sent = Tensor.ofLongs(Shape.of(2, 7), new long[14]);
        assertThat(InputBinding.bindPositional(signature, List.of(sent), false).getFirst().shape())
                .isEqualTo(Shape.of(2, 7));
        assertThat(signature.shapesKnown()).isFalse(); // no size to warm up with
        assertThat(manifest.inputs().getFirst().rowShape()).isNull();
    }

    @Test
    void badBounds_areRefusedWithTheField() {
        assertThatThrownBy(() -> ManifestReader.parse(JSON.readTree("""
                {"inputs": [{"name": "data", "shape": [-1, {"min": 30, "max": 20}]}]}""")))
                .hasMessageContaining("min <= max");
        assertThatThrownBy(() -> ManifestReader.parse(JSON.readTree("""
                {"inputs": [{"name": "data", "shape": [-1, {"min": 3, "most": 20}]}]}""")))
                .hasMessageContaining("inputs[].shape[].most");
    }

    @Test
    void maxShapes_isReadAndMustBePositive() {
        assertThat(ManifestReader.parse(JSON.readTree("{\"maxShapes\": 3}")).maxShapes()).isEqualTo(3);
        assertThatThrownBy(() -> ManifestReader.parse(JSON.readTree("{\"maxShapes\": 0}")))
                .hasMessageContaining("maxShapes");
    }
}
