package io.edgeserve;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The edgeserve service: the SageMaker inference container contract over DJL's MXNet engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeserveApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgeserveApplication.class, args);
    }
}
