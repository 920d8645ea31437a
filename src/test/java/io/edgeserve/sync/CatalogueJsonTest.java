package io.edgeserve.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueJsonTest {

    private static final String SHA = "a".repeat(64);

    private static Catalogue read(String json) {
        return CatalogueJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writeThenRead_givesTheSameCatalogue() {
        var release = new Catalogue.Release("linreg", 3, List.of(new Catalogue.FileEntry("linreg/3/model.tar.gz", 10, SHA)),
                new Catalogue.SelfTest(List.of(1L, 2L), new float[] {1, 2}, new float[] {5}, 0.01));
        var catalogue = new Catalogue(7, Instant.parse("2027-01-01T00:00:00Z"), true, List.of(release));

        Catalogue read = CatalogueJson.read(CatalogueJson.write(catalogue));

        assertThat(read.version()).isEqualTo(7);
        assertThat(read.atomic()).isTrue();
        assertThat(read.release("linreg").files()).isEqualTo(release.files());
        assertThat(read.release("linreg").selfTest().expected()).containsExactly(5f);
    }

    @Test
    void missingField_isNamed() {
        assertThatThrownBy(() -> read("{\"format\":1,\"expires\":\"2027-01-01T00:00:00Z\",\"models\":[]}"))
                .hasMessageContaining("'version'");
    }

    @Test
    void pathLeavingTheModelFolder_isRefused() {
        assertThatThrownBy(() -> read("{\"format\":1,\"version\":1,\"expires\":\"2027-01-01T00:00:00Z\",\"models\":[{"
                + "\"name\":\"m\",\"version\":1,\"files\":[{\"path\":\"../../etc/passwd\",\"size\":1,\"sha256\":\"" + SHA
                + "\"}]}]}")).hasMessageContaining("'..'");
    }

    @Test
    void unknownFormat_isRefused() {
        assertThatThrownBy(() -> read("{\"format\":2,\"version\":1,\"expires\":\"2027-01-01T00:00:00Z\",\"models\":[]}"))
                .hasMessageContaining("format 2");
    }

    @Test
    void selfTestFill_expandsToTheShape() {
        Catalogue.SelfTest test = CatalogueJson.readSelfTest(
                "{\"shape\":[1,3],\"fill\":0.5,\"expected\":[1]}".getBytes(StandardCharsets.UTF_8), "m");

        assertThat(test.input()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(test.tolerance()).isPositive();
    }
}
