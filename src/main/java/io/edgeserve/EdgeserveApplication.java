package io.edgeserve;

import io.edgeserve.config.NativeLibraryPreload;
import io.edgeserve.inference.precision.Float16ExportCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edgeserve service: the SageMaker inference container contract over DJL's MXNet engine. The jar also
 * carries one tool, {@code export-fp16 MODEL_DIR OUT_DIR}, run instead of the service when named first.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeserveApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(Float16ExportCommand.NAME)) {
            System.exit(Float16ExportCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication application = new SpringApplication(EdgeserveApplication.class);
        application.addListeners(new NativeLibraryPreload());
        application.run(args);
    }
}
