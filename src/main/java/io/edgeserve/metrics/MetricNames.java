package io.edgeserve.metrics;

/**
 * The one table of edgeserve's meter names and tags. Names are Micrometer's dotted form; the Prometheus registry
 * writes them in snake case and adds the base unit and {@code _total}, giving the exported name each comment shows.
 * Every tag has a small, fixed set of values: model names are only those the registry knows, never a path or a
 * request id.
 */
public final class MetricNames {

    /** {@code edgeserve_request_duration_seconds}: an inference request from arrival to response. */
    public static final String REQUEST_DURATION = "edgeserve.request.duration";
    /** {@code edgeserve_requests_total}: inference requests answered, by status class. */
    public static final String REQUESTS = "edgeserve.requests";
    /** {@code edgeserve_request_size_bytes}: inference request bodies. */
    public static final String REQUEST_SIZE = "edgeserve.request.size";
    /** {@code edgeserve_response_size_bytes}: inference response bodies, problem details included. */
    public static final String RESPONSE_SIZE = "edgeserve.response.size";

    /** {@code edgeserve_queue_wait_seconds}: time a request waited in its model's queue for a batch. */
    public static final String QUEUE_WAIT = "edgeserve.queue.wait";
    /** {@code edgeserve_inference_duration_seconds}: the engine's time for one batch. */
    public static final String INFERENCE_DURATION = "edgeserve.inference.duration";
    /** {@code edgeserve_batch_size}: rows in one engine batch. */
    public static final String BATCH_SIZE = "edgeserve.batch.size";
    /** {@code edgeserve_batch_requests}: requests merged into one engine batch. */
    public static final String BATCH_REQUESTS = "edgeserve.batch.requests";
    /** {@code edgeserve_rejections_total}: requests answered without inference, per {@link #REASON}. */
    public static final String REJECTIONS = "edgeserve.rejections";
    /** {@code edgeserve_engine_failures_total}: requests failed by the engine. */
    public static final String ENGINE_FAILURES = "edgeserve.engine.failures";

    /** {@code edgeserve_queue_depth}: requests waiting for a batch, now. */
    public static final String QUEUE_DEPTH = "edgeserve.queue.depth";
    /** {@code edgeserve_workers_busy}: workers running a batch, now. */
    public static final String WORKERS_BUSY = "edgeserve.workers.busy";
    /** {@code edgeserve_model_memory_bytes}: memory a loaded model takes: parameters and kept executors. */
    public static final String MODEL_MEMORY = "edgeserve.model.memory";

    /** {@code edgeserve_shape_cache_evictions_total}: executors a model dropped to keep within its cap on shapes. */
    public static final String SHAPE_CACHE_EVICTIONS = "edgeserve.shape.cache.evictions";
    /** {@code edgeserve_shape_cache_shapes}: distinct input shapes a model keeps an executor for, now. */
    public static final String SHAPE_CACHE_SHAPES = "edgeserve.shape.cache.shapes";

    /** {@code edgeserve_models}: models the registry holds, per {@link #STATE}. */
    public static final String MODELS = "edgeserve.models";
    /** {@code edgeserve_models_memory_used_bytes}: memory all models take, as counted against the budget. */
    public static final String MODELS_MEMORY_USED = "edgeserve.models.memory.used";
    /** {@code edgeserve_models_memory_budget_bytes}: {@code edgeserve.models.memory-budget}. */
    public static final String MODELS_MEMORY_BUDGET = "edgeserve.models.memory.budget";
    /** {@code edgeserve_model_loads_total}. */
    public static final String MODEL_LOADS = "edgeserve.model.loads";
    /** {@code edgeserve_model_load_failures_total}. */
    public static final String MODEL_LOAD_FAILURES = "edgeserve.model.load.failures";
    /** {@code edgeserve_model_unloads_total}. */
    public static final String MODEL_UNLOADS = "edgeserve.model.unloads";
    /** {@code edgeserve_model_evictions_total}. */
    public static final String MODEL_EVICTIONS = "edgeserve.model.evictions";

    /** {@code edgeserve_mqtt_connected}: 1 while the gateway is connected to its MQTT broker, else 0. */
    public static final String MQTT_CONNECTED = "edgeserve.mqtt.connected";
    /** {@code edgeserve_mqtt_reconnects_total}: connections to the broker made again after one was lost. */
    public static final String MQTT_RECONNECTS = "edgeserve.mqtt.reconnects";
    /**
     * {@code edgeserve_mqtt_refusals_total}: messages the MQTT front end refused itself, per {@link #REASON}:
     * {@code malformed_topic}, {@code too_large}, {@code in_flight_full}, {@code no_reply_topic}.
     */
    public static final String MQTT_REFUSALS = "edgeserve.mqtt.refusals";
    /** {@code edgeserve_mqtt_duplicates_total}: QoS 1 redeliveries of a request already taken, not computed again. */
    public static final String MQTT_DUPLICATES = "edgeserve.mqtt.duplicates";
    /** {@code edgeserve_mqtt_replies_failed_total}: replies that could not be published (the broker went away). */
    public static final String MQTT_REPLIES_FAILED = "edgeserve.mqtt.replies.failed";
    /** {@code edgeserve_mqtt_in_flight}: MQTT requests being computed, now. */
    public static final String MQTT_IN_FLIGHT = "edgeserve.mqtt.in.flight";

    /** A model the registry knows, or {@link #UNKNOWN_MODEL}. */
    public static final String MODEL = "model";
    /** The precision variant that answered: {@code float32} unless the request was served by another one. */
    public static final String PRECISION = "precision";
    /** The front end a request came through: {@code http} or {@code mqtt}. */
    public static final String TRANSPORT = "transport";
    /** One of {@link Outcome}'s labels. */
    public static final String OUTCOME = "outcome";
    /** The status class: {@code 2xx}, {@code 4xx}, {@code 5xx}. */
    public static final String STATUS = "status";
    /** Why a request was rejected: {@code queue_full}, {@code timeout}, {@code shutting_down}; for MQTT refusals, see
     * {@link #MQTT_REFUSALS}. */
    public static final String REASON = "reason";
    /** A model's state: {@code loading}, {@code ready}, {@code failed}, {@code unloading}. */
    public static final String STATE = "state";

    /** The model tag of requests naming no model the registry knows: unknown names must not become series. */
    public static final String UNKNOWN_MODEL = "unknown";
    /** The precision of every model until precision variants exist. */
    public static final String DEFAULT_PRECISION = "float32";

    private MetricNames() {}
}
