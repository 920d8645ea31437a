package io.edgeserve.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component that component scanning leaves out: its feature's {@code BeanRegistrar} registers it as the service
 * starts, where the feature's setting is on. The jar is processed by Spring AOT, which settles scanning and every
 * {@code @Conditional} at build time; a registrar runs at start, so a setting can still switch the feature there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SwitchedOn {

    /** The setting that switches the component on, and the registrar that reads it. */
    String value();
}
