package io.edgeserve.metrics;

import io.edgeserve.batching.BatcherListener;
import io.edgeserve.invocation.InvocationListener;
import io.edgeserve.invocation.InvocationRecord;
import io.edgeserve.invocation.Transport;
import io.edgeserve.registry.ModelEntry;
import io.edgeserve.registry.ModelRegistry;
import io.edgeserve.registry.ModelState;
import io.edgeserve.registry.Precision;
import io.edgeserve.registry.RegistryListener;
import io.edgeserve.registry.ServedModel;
import io.edgeserve.tensor.DataType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * edgeserve's serving metrics in Micrometer: each model's meters, created when the model starts loading and
 * removed when it leaves the registry, the registry's own gauges and counters, and the requests that named no
 * model the registry knows, under the single model tag {@code unknown}. Model tags are only ever names the
 * registry holds, so the number of series is bounded by the models loaded, whatever clients send.
 */
public final class ServingMetrics implements RegistryListener, InvocationListener {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final RequestMeters unknown;
    private final Counter loads;
    private final Counter loadFailures;
    private final Counter unloads;
    private final Counter evictions;
    private volatile ModelRegistry modelRegistry;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unknown = new RequestMeters(MetricNames.UNKNOWN_MODEL, new MeterGroup(registry));
        this.loads = lifecycle(MetricNames.MODEL_LOADS, "Models loaded and ready to serve");
        this.loadFailures = lifecycle(MetricNames.MODEL_LOAD_FAILURES, "Model loads that failed");
        this.unloads = lifecycle(MetricNames.MODEL_UNLOADS, "Models unloaded on request");
        this.evictions = lifecycle(MetricNames.MODEL_EVICTIONS, "Idle models unloaded to make room for another");
    }

    private Counter lifecycle(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /**
     * Watches the model registry: model counts by state and memory become gauges, and request tags are checked
     * against its names. Called once, as the registry is built (it needs this object as its listener).
     */
    public void observe(ModelRegistry models) {
        this.modelRegistry = Objects.requireNonNull(models, "models");
        for (ModelState state : ModelState.values()) {
            Gauge.builder(MetricNames.MODELS, models, held -> count(held, state))
                    .description("Models the registry holds, by state")
                    .tag(MetricNames.STATE, state.label())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(MetricNames.MODELS_MEMORY_USED, models, ModelRegistry::memoryUsedBytes)
                .description("Memory all loaded models take together, as counted against the budget")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        Gauge.builder(MetricNames.MODELS_MEMORY_BUDGET, models, ModelRegistry::memoryBudgetBytes)
                .description("The memory budget for all models")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    private static double count(ModelRegistry registry, ModelState state) {
        return registry.entries().stream().filter(entry -> entry.state() == state).count();
    }

    /** The listener for a model's float32 batcher, as the model starts loading; its meters appear at zero now. */
    public BatcherListener batcherListener(String model) {
        return batcherListener(model, Precision.FLOAT32);
    }

    /**
     * The listener for one variant's batcher, as that variant starts: its series, tagged by precision, appear at
     * zero now and count once the variant serves. The model's other variants go on counting.
     */
    public BatcherListener batcherListener(String model, Precision precision) {
        return models.computeIfAbsent(model, name -> new ModelMeters(name, registry)).starting(precision);
    }

    /** Records one finished inference request, answered or refused, from the invocation core. */
    @Override
    public void completed(InvocationRecord record) {
        // requestMeters counts a name the registry does not know as unknown, as modelTag would: one lookup, not two.
        requestMeters(record.model()).record(record.transport(),
                record.precision() == null ? MetricNames.DEFAULT_PRECISION : record.precision().label(),
                record.status(), record.durationNanos(), record.requestBytes(), record.responseBytes());
    }

    /**
     * Records one finished inference request.
     *
     * @param model     the model the request named or was served by; null, or a name the registry does not know,
     *                  counts as {@code unknown}
     * @param precision the precision variant that served it; null counts as {@code float32}, a name that is no
     *                  data type as {@code other}
     */
    public void requestCompleted(Transport transport, String model, String precision, int status, long durationNanos,
            long requestBytes, long responseBytes) {
        requestMeters(model).record(transport, precisionTag(precision), status, durationNanos, requestBytes,
                responseBytes);
    }

    /** The {@code model} tag a request naming {@code model} is counted under: a name the registry knows, or unknown. */
    public String modelTag(String model) {
        return model != null && (models.containsKey(model) || knows(model)) ? model : MetricNames.UNKNOWN_MODEL;
    }

    private RequestMeters requestMeters(String model) {
        if (model == null) {
            return unknown;
        }
        ModelMeters meters = models.get(model);
        if (meters == null) {
            // A model the registry knows but that has no meters yet: it failed to load, or a request raced its load.
            meters = models.compute(model, (name, existing) -> existing != null ? existing
                    : knows(name) ? new ModelMeters(name, registry) : null);
        }
        return meters != null ? meters.requests() : unknown;
    }

    private boolean knows(String model) {
        ModelRegistry current = modelRegistry;
        return current != null && current.entry(model).isPresent();
    }

    static String precisionTag(String precision) {
        if (precision == null || precision.isBlank()) {
            return MetricNames.DEFAULT_PRECISION;
        }
        return DATA_TYPE_NAMES.contains(precision) ? precision : "other";
    }

    private static final Set<String> DATA_TYPE_NAMES =
            Arrays.stream(DataType.values()).map(DataType::numpyName).collect(Collectors.toUnmodifiableSet());

    @Override
    public void loaded(String model) {
        loads.increment();
        ModelRegistry current = modelRegistry;
        ServedModel served = current == null ? null
                : current.entry(model).map(ModelEntry::snapshot).map(ModelEntry.Snapshot::served).orElse(null);
        models.computeIfAbsent(model, name -> new ModelMeters(name, registry)).serving(served);
    }

    @Override
    public void variantAdded(String model, Precision precision) {
        ModelMeters meters = models.get(model);
        if (meters != null) {
            meters.serving(precision);
        }
    }

    @Override
    public void loadFailed(String model) {
        loadFailures.increment();
        forget(model);
    }

    @Override
    public void unloaded(String model) {
        unloads.increment();
        forget(model);
    }

    @Override
    public void evicted(String model) {
        evictions.increment();
        forget(model);
    }

    /**
     * Removes a model's series once the registry no longer holds it. Where the name is back already (loaded again
     * while the old one drained), the meters now belong to the new model and stay.
     */
    private void forget(String model) {
        models.computeIfPresent(model, (name, meters) -> {
            if (knows(name)) {
                return meters;
            }
            meters.close();
            return null;
        });
    }
}
