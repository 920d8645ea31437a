package io.edgeserve.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** values.schema.json stays strict as it grows: a misspelt value anywhere is an error, not a silent default. */
class ValuesSchemaTest {

    private static final Set<String> NARROWING = Set.of("allOf", "anyOf", "oneOf", "not", "if", "then", "else");

    @Test
    void everyObjectWithNamedProperties_refusesUnknownOnes() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(EdgeserveChart.DIR.resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        collectOpenObjects(schema, "", open);
        assertThat(open).as("objects in values.schema.json without \"additionalProperties\": false").isEmpty();
    }

    /** Combinators (allOf, not, if/then...) only narrow an object declared beside them, so they are not walked. */
    private static void collectOpenObjects(JsonNode node, String pointer, List<String> open) {
        if (!node.isObject()) {
            return;
        }
        if (node.has("properties") && !node.path("additionalProperties").isBoolean()) {
            open.add(pointer.isEmpty() ? "/" : pointer);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (NARROWING.contains(field.getKey())) {
                continue;
            }
            collectOpenObjects(field.getValue(), pointer + "/" + field.getKey(), open);
        }
    }
}
