package io.edgeserve;

import io.edgeserve.config.NativeLibraryPreload;
import io.edgeserve.config.SwitchedOn;
import io.edgeserve.inference.precision.Float16ExportCommand;
import io.edgeserve.sync.CatalogueCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

/**
 * The edgeserve service: the SageMaker inference container contract over DJL's MXNet engine. The jar also
 * carries two tools, run instead of the service when named first: {@code export-fp16 MODEL_DIR OUT_DIR} and
 * {@code catalogue keygen|build|verify} (model sync's signed catalogues).
 *
 * <p>{@code @SpringBootApplication}'s three parts, with one more exclusion from scanning: components marked
 * {@link SwitchedOn}, which their feature registers itself where its setting is on.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @Filter(type = FilterType.ANNOTATION, classes = SwitchedOn.class)})
@ConfigurationPropertiesScan
public class EdgeserveApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(Float16ExportCommand.NAME)) {
            System.exit(Float16ExportCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals(CatalogueCommand.NAME)) {
            System.exit(CatalogueCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication application = new SpringApplication(EdgeserveApplication.class);
        application.addListeners(new NativeLibraryPreload());
        application.run(args);
    }
}
