package io.edgeserve.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

class ProblemDocumentationTest {

    private final ProblemDocumentation documentation = new ProblemDocumentation();

    static class Handlers {
        @ProblemResponses({ProblemType.SHAPE_MISMATCH, ProblemType.MALFORMED_BODY, ProblemType.QUEUE_FULL})
        void invoke() {}

        void plain() {}
    }

    @Test
    void everyProblemType_hasAnExampleShapedAsTheAdviceWritesIt() {
        for (ProblemType type : ProblemType.values()) {
            Map<String, Object> example = ProblemDocumentation.example(type);

            assertThat(example).as(type.name()).containsEntry("type", type.uri().toString())
                    .containsEntry("title", type.title()).containsEntry("status", type.status());
            assertThat((String) example.get("detail")).as(type.name()).isNotBlank();
        }
    }

    @Test
    void declaredProblems_becomeOneProblemJsonResponsePerStatus_withAnExampleOfEach() throws Exception {
        Operation operation = documentation.customize(new Operation(), handler("invoke"));

        assertThat(operation.getResponses()).containsOnlyKeys("400", "500", "503");
        MediaType badRequest = operation.getResponses().get("400").getContent().get("application/problem+json");
        assertThat(badRequest.getSchema().get$ref()).isEqualTo("#/components/schemas/Problem");
        assertThat(badRequest.getExamples()).containsOnlyKeys("shape-mismatch", "malformed-body");
        assertThat(operation.getResponses().get("503").getHeaders()).containsKey("Retry-After");
    }

    @Test
    void anyOperation_mayAnswerInternalError() throws Exception {
        Operation operation = documentation.customize(new Operation(), handler("plain"));

        assertThat(operation.getResponses()).containsOnlyKeys("500");
        assertThat(operation.getResponses().get("500").getContent().get("application/problem+json").getExamples())
                .containsOnlyKeys("internal-error");
    }

    @Test
    void aResponseTheOperationDeclaresItself_isKept() throws Exception {
        ApiResponse health = new ApiResponse().description("the health body");
        Operation operation = new Operation().responses(new ApiResponses().addApiResponse("503", health));

        documentation.customize(operation, handler("invoke"));

        assertThat(operation.getResponses().get("503")).isSameAs(health);
    }

    @Test
    void theProblemSchema_isAddedToTheComponents() {
        OpenAPI openApi = new OpenAPI();

        documentation.customise(openApi);

        assertThat(openApi.getComponents().getSchemas().get("Problem").getRequired()).containsExactlyInAnyOrder("type", "title", "status", "detail");
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(name));
    }
}
