package io.edgeserve.codec;

import static io.edgeserve.codec.ProblemAssertions.assertMalformed;
import static io.edgeserve.codec.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeserve.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64ImagesTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"instances\": [{\"b64\": \"AAAA\"}]}", " {\n \"instances\" : [ { \"b64\":\"\" } ] }"})
    void instancesOfB64Objects_arePictures(String json) {
        assertThat(Base64Images.present(bytes(json))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[1, 2]]", "{\"instances\": [[1, 2]]}", "{\"instances\": [{\"data\": [1]}]}",
            "{\"inputs\": [{\"b64\": \"AA\"}]}", "{\"instances\": ", "not json", ""})
    void tensorsAndOtherJson_areNot(String json) {
        assertThat(Base64Images.present(bytes(json))).isFalse();
    }

    @Test
    void everyInstance_isDecodedInOrder() {
        byte[] json = bytes("{\"instances\": [{\"b64\": \"AQID\"}, {\"b64\": \"BAU\"}]}");

        List<byte[]> pictures = Base64Images.read(json, 8);

        assertThat(pictures).containsExactly(new byte[] {1, 2, 3}, new byte[] {4, 5});
    }

    @Test
    void notBase64_is400NamingTheInstance() {
        assertMalformed(() -> Base64Images.read(bytes("{\"instances\": [{\"b64\": \"AQID\"}, {\"b64\": \"***\"}]}"), 8))
                .hasMessageStartingWith("instances[1].b64 is not base64: ");
    }

    @Test
    void instanceOfAnotherShape_is400NamingIt() {
        assertMalformed(() -> Base64Images.read(bytes("{\"instances\": [{\"b64\": \"AQID\"}, [1, 2]]}"), 8))
                .hasMessageStartingWith("instances[1] must be {\"b64\": \"<base64 JPEG or PNG>\"}");
    }

    @Test
    void otherMembersBesideInstances_are400() {
        assertMalformed(() -> Base64Images.read(bytes("{\"instances\": [{\"b64\": \"AQID\"}], \"top_k\": 3}"), 8))
                .hasMessageContaining("and nothing else");
    }

    @Test
    void repeatedInstancesThatAreNotAList_are400() {
        // Found by fuzzing: the second "instances" replaced the first, and an object there was a 500.
        assertMalformed(() -> Base64Images.read(
                bytes("{\"instances\": [{\"b64\": \"AQID\"}], \"instances\": {\"b64\": \"AQID\"}}"), 8))
                .hasMessageContaining("and nothing else");
    }

    @Test
    void pictureObjectWithoutInstances_is400() {
        assertMalformed(() -> Base64Images.read(bytes("{\"b64\": \"AQID\"}"), 8)).hasMessageContaining("and nothing else");
    }

    @Test
    void morePicturesThanAllowed_is413() {
        byte[] three = bytes("{\"instances\": [{\"b64\": \"\"}, {\"b64\": \"\"}, {\"b64\": \"\"}]}");

        assertProblem(ProblemType.PAYLOAD_TOO_LARGE, () -> Base64Images.read(three, 2))
                .hasMessage("the request holds 3 pictures; the limit is 2 (edgeserve.image.max-images)");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
