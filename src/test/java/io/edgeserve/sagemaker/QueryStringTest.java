package io.edgeserve.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void value_isTheFirstPairWithThatName() {
        assertThat(QueryString.value("a=1&top_k=3&top_k=4", "top_k")).isEqualTo("3");
    }

    @Test
    void absentName_orNoQuery_isNull() {
        assertThat(QueryString.value("verbose=1", "top_k")).isNull();
        assertThat(QueryString.value(null, "top_k")).isNull();
    }
}
