package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTopicsTest {

    private final RequestTopics topics = new RequestTopics("site/edgeserve");

    @Test
    void mqtt5Topic_namesTheModelOnly() {
        assertThat(topics.parse("site/edgeserve/models/iris/invoke"))
                .isEqualTo(new RequestTopics.Route.Invoke("iris", null, null, Map.of()));
    }

    @Test
    void mqtt311Topic_namesClientAndRequest_andAttributesAfterTheId() {
        RequestTopics.Route route = topics.parse("site/edgeserve/models/iris@float16/invoke/dev-1/r9;type=csv;top_k=2");
        assertThat(route).isEqualTo(new RequestTopics.Route.Invoke("iris@float16", "dev-1", "r9",
                Map.of("type", "csv", "top_k", "2")));
        assertThat(topics.replyTopic("dev-1", "r9")).isEqualTo("site/edgeserve/replies/dev-1/r9");
    }

    @Test
    void emptyModelLevel_isMalformed_withoutReplyLevels() {
        assertThat(topics.parse("site/edgeserve/models//invoke")).isInstanceOf(RequestTopics.Route.Malformed.class)
                .extracting("clientId").isNull();
    }

    @Test
    void attributeThatIsNotKeyValue_isMalformed_butKeepsItsReplyLevels() {
        RequestTopics.Route.Malformed malformed = (RequestTopics.Route.Malformed) topics.parse(
                "site/edgeserve/models/iris/invoke/dev-1/r9;oops");
        assertThat(malformed.clientId()).isEqualTo("dev-1");
        assertThat(malformed.requestId()).isEqualTo("r9");
        assertThat(malformed.detail()).contains("oops");
    }

    @Test
    void otherShapes_areMalformed() {
        assertThat(topics.parse("site/edgeserve/models/iris/predict")).isInstanceOf(RequestTopics.Route.Malformed.class);
        assertThat(topics.parse("other/models/iris/invoke")).isInstanceOf(RequestTopics.Route.Malformed.class);
        assertThat(topics.parse("site/edgeserve/models/iris/invoke/only-client"))
                .isInstanceOf(RequestTopics.Route.Malformed.class);
        assertThat(topics.parse("site/edgeserve/models/iris/invoke/dev/" + "r".repeat(129)))
                .isInstanceOf(RequestTopics.Route.Malformed.class);
    }

    @Test
    void subscriptions_areSharedOnlyWithAGroup() {
        assertThat(topics.subscriptions("edgeserve")).containsExactly(
                "$share/edgeserve/site/edgeserve/models/+/invoke", "$share/edgeserve/site/edgeserve/models/+/invoke/+/+");
        assertThat(topics.subscriptions(null)).containsExactly(
                "site/edgeserve/models/+/invoke", "site/edgeserve/models/+/invoke/+/+");
    }
}
