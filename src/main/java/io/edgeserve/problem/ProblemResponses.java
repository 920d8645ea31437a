package io.edgeserve.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems a handler method can answer with. The OpenAPI description lists exactly these, grouped by
 * status with an example of each, plus {@code internal-error}, which any handler may answer: keep the list
 * to what the method and the code it calls really throw.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

    ProblemType[] value();
}
