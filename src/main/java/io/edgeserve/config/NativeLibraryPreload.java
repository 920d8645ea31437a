package io.edgeserve.config;

import io.edgeserve.inference.MxnetLibrary;
import io.edgeserve.inference.MxnetModelLoader;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Starts loading MXNet's native library as soon as the configuration is read, before Spring builds the
 * application context: the library's load (a second or more on a small machine) then overlaps the context's
 * start instead of following it. Added by {@code main} only, so that tests which never touch the engine do not
 * pay for it; without it the first model loads the library. Not while Spring AOT processes the application at
 * build time ({@code spring.aot.processing}): that run defines beans and creates none, and no model is loaded.
 */
public final class NativeLibraryPreload implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (Boolean.getBoolean("spring.aot.processing")) {
            return;
        }
        Binder settings = Binder.get(event.getEnvironment());
        EdgeserveProperties.Batching batching = settings.bindOrCreate("edgeserve.batching",
                EdgeserveProperties.Batching.class);
        int maxShapes = settings.bind("edgeserve.models.max-shapes", Integer.class)
                .orElse(MxnetModelLoader.DEFAULT_MAX_SHAPES);
        MxnetLibrary.loadInBackground(batching.workers(), maxShapes);
    }
}
