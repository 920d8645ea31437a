package io.edgeserve;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.context.annotation.Conditional;

/**
 * The package rules of STYLE.md that a compiler does not check: the invocation core knows no transport, metrics,
 * security and data capture read the core and never a front end, and only {@code inference} touches DJL. And
 * one rule of the build: no {@code @Conditional} in edgeserve's own code, since Spring AOT settles conditions when
 * the jar is built; a setting that switches a feature is read at start by a {@code BeanRegistrar}.
 */
@AnalyzeClasses(packages = "io.edgeserve", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRONT_ENDS = {"io.edgeserve.sagemaker..", "io.edgeserve.mqtt.."};

    @ArchTest
    static final ArchRule invocationCore_knowsNoTransport = noClasses().that().resideInAPackage("io.edgeserve.invocation..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(FRONT_ENDS, "jakarta.servlet..",
                    "org.springframework.web..", "org.eclipse.paho..", "com.hivemq.."));

    @ArchTest
    static final ArchRule metricsSecurityAndCapture_neverReachUpIntoAFrontEnd = noClasses()
            .that().resideInAnyPackage("io.edgeserve.metrics..", "io.edgeserve.security..", "io.edgeserve.capture..")
            .should().dependOnClassesThat().resideInAnyPackage(FRONT_ENDS);

    @ArchTest
    static final ArchRule frontEnds_knowNotEachOther = noClasses().that().resideInAPackage("io.edgeserve.sagemaker..")
            .should().dependOnClassesThat().resideInAPackage("io.edgeserve.mqtt..");

    @ArchTest
    static final ArchRule mqtt_knowsNoHttpFrontEnd = noClasses().that().resideInAPackage("io.edgeserve.mqtt..")
            .should().dependOnClassesThat().resideInAnyPackage("io.edgeserve.sagemaker..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule onlyInference_usesDjl = noClasses().that().resideOutsideOfPackage("io.edgeserve.inference..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule noConditionalClasses_springAotWouldSettleThemAtBuildTime = noClasses()
            .should().beMetaAnnotatedWith(Conditional.class)
            .because("Spring AOT evaluates conditions when the jar is built; use a BeanRegistrar (see SwitchedOn)");

    @ArchTest
    static final ArchRule noConditionalBeans_springAotWouldSettleThemAtBuildTime = noMethods()
            .should().beMetaAnnotatedWith(Conditional.class)
            .because("Spring AOT evaluates conditions when the jar is built; use a BeanRegistrar (see SwitchedOn)");

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
