package io.edgeserve.bench;

/**
 * One wrk run against the service.
 *
 * @param mode "batched" (the defaults) or "unbatched" (max batch size 1)
 * @param target a model name, or {@link #PING}
 * @param media "npy" or "json"; "-" for {@code /ping}
 */
record ServicePoint(String mode, String target, String media, int concurrency, LoadResult result) {

    static final String PING = "/ping";
}
