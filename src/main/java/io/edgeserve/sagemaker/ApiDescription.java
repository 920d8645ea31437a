package io.edgeserve.sagemaker;

import io.edgeserve.codec.TensorMediaTypes;
import io.edgeserve.config.EdgeserveProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of the OpenAPI description that annotations cannot say well: the tensor bodies in four media types
 * with examples that run against the bundled Iris model, the load request whose example points into this
 * service's own model folder, and the SageMaker headers that {@link RequestIdFilter} reads and echoes on every
 * request. The controllers refer to these components by name; problem responses come from
 * {@link io.edgeserve.problem.ProblemDocumentation}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescription {

    /** {@code components.requestBodies}: a tensor request in any media type edgeserve reads. */
    public static final String TENSORS = "Tensors";
    /** {@code components.responses}: the model's outputs in the media type {@code Accept} chose. */
    public static final String PREDICTION = "Prediction";
    /** {@code components.requestBodies}: SageMaker's {@code {"model_name", "url"}}. */
    public static final String LOAD_MODEL = "LoadModel";

    /** The bundled Iris model's input and answer, as README.md shows them; ApiDescriptionTest runs them. */
    private static final List<List<Double>> IRIS_ROW = List.of(List.of(5.1, 3.5, 1.4, 0.2));
    private static final List<List<Double>> IRIS_ROWS = List.of(List.of(5.1, 3.5, 1.4, 0.2), List.of(6.3, 3.3, 6.0, 2.5));
    private static final List<List<Double>> IRIS_ROW_ANSWER = List.of(
            List.of(0.9999916553497314, 7.077114787534811e-06, 1.301117890761816e-06));
    private static final List<List<Double>> IRIS_ROWS_ANSWER = List.of(
            List.of(0.9999916553497314, 7.077121608745074e-06, 1.301117890761816e-06),
            List.of(6.104670657869349e-10, 2.370284946096035e-08, 1.0));

    /** A 1 x 1 PNG, so that the base64 example is a real picture. */
    private static final String ONE_PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    private static final String NESTED_LIST = "NestedList";
    private static final String JSON = TensorMediaTypes.JSON.toString();
    private static final String CSV = TensorMediaTypes.CSV.toString();
    private static final String NPY = TensorMediaTypes.NPY.toString();
    private static final String NPZ = TensorMediaTypes.NPZ.toString();

    @Bean
    OpenAPI edgeserveOpenApi(EdgeserveProperties properties) {
        String version = ApiDescription.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("edgeserve")
                        .version(version != null ? version : "dev")
                        .description("Serves Apache MXNet models over HTTP with the SageMaker inference container "
                                + "contract: `GET /ping`, `POST /invocations` and SageMaker's multi-model API. "
                                + "Every error is an RFC 9457 `application/problem+json` body; docs/problems.md in "
                                + "the project lists the types. The examples run against the bundled `iris` model.")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .components(new Components()
                        .addSchemas(NESTED_LIST, nestedList())
                        .addRequestBodies(TENSORS, tensorRequest())
                        .addRequestBodies(LOAD_MODEL, loadRequest(properties))
                        .addResponses(PREDICTION, prediction())
                        // No example: Swagger UI would pre-fill it, and every try would share one request id.
                        .addParameters(SageMakerHeaders.INFERENCE_ID, header(SageMakerHeaders.INFERENCE_ID,
                                "The request's id, in the logs as requestId; echoed on the response. One is generated "
                                        + "where absent (or longer than 256 characters); leave it empty unless you "
                                        + "want to find this request in the log by an id of yours.", null))
                        .addParameters(SageMakerHeaders.CUSTOM_ATTRIBUTES, header(SageMakerHeaders.CUSTOM_ATTRIBUTES,
                                "Opaque attributes from the caller, echoed on the response, as SageMaker passes them.",
                                "trace=abc123"))
                        .addHeaders(SageMakerHeaders.INFERENCE_ID, new Header()
                                .description("The request's id: the one sent, or the one generated.")
                                .schema(string()))
                        .addHeaders(SageMakerHeaders.CUSTOM_ATTRIBUTES, new Header()
                                .description("The custom attributes the request sent, echoed; absent where it sent none.")
                                .schema(string()))
                        .addHeaders(SageMakerHeaders.SERVED_MODEL, new Header()
                                .description("The name of the model that answered.")
                                .schema(string())));
    }

    /**
     * {@link RequestIdFilter} runs on every request: each operation takes and echoes its two headers. springdoc
     * applies this to its cached document on every {@code /v3/api-docs} request, so it must be idempotent.
     */
    @Bean
    OpenApiCustomizer requestIdHeaders() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ApiDescription::addRequestIdHeaders));
    }

    private static void addRequestIdHeaders(Operation operation) {
        for (String header : List.of(SageMakerHeaders.INFERENCE_ID, SageMakerHeaders.CUSTOM_ATTRIBUTES)) {
            Parameter parameter = new Parameter().$ref(header);
            if (operation.getParameters() == null || !operation.getParameters().contains(parameter)) {
                operation.addParametersItem(parameter);
            }
        }
        if (operation.getResponses() == null) {
            return;
        }
        for (ApiResponse response : operation.getResponses().values()) {
            if (response.get$ref() == null) {
                response.addHeaderObject(SageMakerHeaders.INFERENCE_ID, new Header().$ref(SageMakerHeaders.INFERENCE_ID));
                response.addHeaderObject(SageMakerHeaders.CUSTOM_ATTRIBUTES, new Header().$ref(SageMakerHeaders.CUSTOM_ATTRIBUTES));
            }
        }
    }

    private static RequestBody tensorRequest() {
        MediaType json = new MediaType().schema(jsonTensors())
                .addExamples("nestedList", example("One row per example: the Iris flower's four measurements in cm", IRIS_ROW))
                .addExamples("twoRows", example("Two flowers, answered in one batch", IRIS_ROWS))
                .addExamples("instances", example("TensorFlow Serving's row format", Map.of("instances", IRIS_ROW)))
                .addExamples("inputs", example("TensorFlow Serving's column format", Map.of("inputs", IRIS_ROW)))
                .addExamples("byInputName", example("An object keyed by the model's input names", Map.of("data", IRIS_ROW)));
        json.addExamples("base64Pictures", example("Pictures as base64, for a model whose manifest has an image section "
                + "(the bundled iris has none)", Map.of("instances", List.of(Map.of("b64", ONE_PIXEL_PNG)))));
        MediaType csv = new MediaType()
                .schema(string().description("One row per example, comma-separated numbers, no header line."))
                .addExamples("oneRow", example("One Iris flower", "5.1,3.5,1.4,0.2\n"))
                .addExamples("twoRows", example("Two flowers", "5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n"));
        Map<String, Schema> files = new LinkedHashMap<>();
        files.put("file", string().format("binary").description("A JPEG or PNG picture; send several parts for a batch, "
                + "under any field names."));
        MediaType multipart = new MediaType().schema(new JsonSchema().types(Set.of("object")).properties(files)
                .description("One picture per part, JPEG or PNG, answered in part order."));
        return new RequestBody()
                .required(true)
                .description("The model's inputs. Without `Content-Type`, the body is read as JSON. For the bundled "
                        + "iris model: rows of four float32 measurements, shape (N, 4). `.npy` is NumPy's `np.save` "
                        + "format (docs/postman/iris.npy holds two rows); `.npz` (`np.savez`) names each input. "
                        + "Pictures (JPEG or PNG, as the body, as multipart parts, or base64 in JSON "
                        + "`{\"instances\": [{\"b64\": ...}]}`) go to models whose manifest has an image section "
                        + "(docs/models.md); they are resized and normalised as it says.")
                .content(new Content()
                        .addMediaType(JSON, json)
                        .addMediaType(CSV, csv)
                        .addMediaType(NPY, binary("A NumPy array, as `np.save` writes it."))
                        .addMediaType(NPZ, binary("A NumPy `.npz` archive, one array per input name, as `np.savez` writes it."))
                        .addMediaType("image/jpeg", binary("One JPEG picture."))
                        .addMediaType("image/png", binary("One PNG picture."))
                        .addMediaType("application/x-image", binary("One JPEG or PNG picture, as SageMaker's built-in "
                                + "image algorithms take it."))
                        .addMediaType("multipart/form-data", multipart));
    }

    private static ApiResponse prediction() {
        MediaType json = new MediaType()
                .schema(new JsonSchema().anyOf(List.of(
                                new JsonSchema().$ref("#/components/schemas/" + NESTED_LIST).title("one output"),
                                new JsonSchema().types(Set.of("number")).title("one scalar output"),
                                new JsonSchema().types(Set.of("object")).title("several outputs, by name")
                                        .additionalProperties(new JsonSchema().$ref("#/components/schemas/" + NESTED_LIST))))
                        .description("One output as nested lists (a bare number for a scalar); several as an object "
                                + "keyed by output name, in output order."))
                .addExamples("oneRow", example("The answer to one flower: setosa, versicolor, virginica", IRIS_ROW_ANSWER))
                .addExamples("twoRows", example("The answer to two flowers", IRIS_ROWS_ANSWER));
        MediaType csv = new MediaType()
                .schema(string().description("One row per example; a model with several outputs is a 406."))
                .addExamples("oneRow", example("The answer to one flower", "0.9999916553497314,7.077114787534811e-06,1.301117890761816e-06\n"))
                .addExamples("twoRows", example("The answer to two flowers",
                        "0.9999916553497314,7.077121608745074e-06,1.301117890761816e-06\n6.104670657869349e-10,2.370284946096035e-08,1.0\n"));
        return new ApiResponse()
                .description("The model's outputs, in the first type that `Accept` lists and edgeserve writes "
                        + "(JSON where `Accept` is absent or `*/*`).")
                .addHeaderObject(SageMakerHeaders.SERVED_MODEL, new Header().$ref(SageMakerHeaders.SERVED_MODEL))
                .addHeaderObject(SageMakerHeaders.INFERENCE_ID, new Header().$ref(SageMakerHeaders.INFERENCE_ID))
                .addHeaderObject(SageMakerHeaders.CUSTOM_ATTRIBUTES, new Header().$ref(SageMakerHeaders.CUSTOM_ATTRIBUTES))
                .content(new Content()
                        .addMediaType(JSON, json)
                        .addMediaType(CSV, csv)
                        .addMediaType(NPY, binary("The one output as a NumPy array (`np.load` reads it)."))
                        .addMediaType(NPZ, binary("Every output, keyed by output name, as a NumPy `.npz` archive.")));
    }

    /**
     * The example loads the bundled Iris model again, under another name, from this service's model folder; where
     * that holds no {@code iris}, the folder itself, as a single-model container's is a model.
     */
    private static RequestBody loadRequest(EdgeserveProperties properties) {
        Path modelDir = properties.effectiveModelDir().toAbsolutePath().normalize();
        String irisUrl = (Files.isDirectory(modelDir.resolve("iris")) ? modelDir.resolve("iris") : modelDir).toString();
        Map<String, Schema> fields = new LinkedHashMap<>();
        fields.put("model_name", string().pattern("^[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}$")
                .description("The name to serve the model under, in `/models/{name}/invoke` and `X-Amzn-SageMaker-Target-Model`."));
        fields.put("url", string().description("An absolute path (or `file:` URL) of a model folder inside the model "
                + "folder or `edgeserve.models.allowed-roots`."));
        Map<String, String> example = new LinkedHashMap<>();
        example.put("model_name", "iris-copy");
        example.put("url", irisUrl);
        return new RequestBody()
                .required(true)
                .content(new Content().addMediaType(JSON, new MediaType()
                        .schema(new JsonSchema().types(Set.of("object")).properties(fields)
                                .required(List.of("model_name", "url")))
                        .addExamples("bundledIris", example("The bundled iris model under another name", example))));
    }

    /**
     * Any JSON layout the reader takes: a nested list, TF Serving's two, or an object by input name; and pictures as
     * base64 for a model that takes pictures.
     */
    private static Schema<?> jsonTensors() {
        Schema<?> list = new JsonSchema().$ref("#/components/schemas/" + NESTED_LIST);
        return new JsonSchema().anyOf(List.of(
                new JsonSchema().$ref("#/components/schemas/" + NESTED_LIST).title("nested list"),
                new JsonSchema().types(Set.of("object")).title("instances").required(List.of("instances"))
                        .properties(Map.of("instances", list)),
                new JsonSchema().types(Set.of("object")).title("inputs").required(List.of("inputs"))
                        .properties(Map.of("inputs", list)),
                new JsonSchema().types(Set.of("object")).title("pictures as base64").required(List.of("instances"))
                        .properties(Map.of("instances", new JsonSchema().types(Set.of("array")).items(
                                new JsonSchema().types(Set.of("object")).required(List.of("b64"))
                                        .properties(Map.of("b64", string().contentEncoding("base64")
                                                .description("A JPEG or PNG picture, base64-encoded")))))),
                new JsonSchema().types(Set.of("object")).title("by input name").additionalProperties(list)));
    }

    private static Schema<?> nestedList() {
        return new JsonSchema().types(Set.of("array"))
                .description("A tensor as nested lists of numbers, outermost axis first; the first axis is the batch.")
                .items(new JsonSchema().anyOf(List.of(new JsonSchema().types(Set.of("number")),
                        new JsonSchema().$ref("#/components/schemas/" + NESTED_LIST))));
    }

    private static Parameter header(String name, String description, String example) {
        Parameter header = new Parameter().in("header").name(name).required(false).description(description).schema(string());
        return example == null ? header : header.example(example);
    }

    private static MediaType binary(String description) {
        return new MediaType().schema(string().format("binary").description(description));
    }

    private static Schema<?> string() {
        return new JsonSchema().types(Set.of("string"));
    }

    private static Example example(String summary, Object value) {
        return new Example().summary(summary).value(value);
    }
}
