package io.edgeserve.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose errors are not problem+json, such as the SageMaker Runtime API, which answers in AWS's
 * error shape: {@link ProblemDocumentation} leaves its operations to describe their errors themselves.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface NotProblemJson {}
