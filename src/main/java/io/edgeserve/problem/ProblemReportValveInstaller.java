package io.edgeserve.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemReportValve} in place of every error report valve on Tomcat's host, the one all connectors
 * (HTTP, HTTPS, management) share. Runs last, after Spring Boot has added its own valve, and names the valve's
 * class on the host so that Tomcat adds no default one when it starts.
 */
@Component
class ProblemReportValveInstaller implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> install(context.getParent()));
    }

    static void install(Container host) {
        Pipeline pipeline = host.getPipeline();
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                pipeline.removeValve(valve);
            }
        }
        pipeline.addValve(new ProblemReportValve());
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
    }
}
