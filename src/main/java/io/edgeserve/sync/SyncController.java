package io.edgeserve.sync;

import io.edgeserve.config.SwitchedOn;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sync}: the sync status; {@code POST /sync}: sync now and answer with the result. Both are
 * management endpoints (a token or an admin certificate). A refused catalogue is not an HTTP error: the status
 * says why, and the service keeps serving what it served.
 */
@RestController
@SwitchedOn("edgeserve.sync.source, by SyncConfiguration.Switch")
public class SyncController {

    private final SyncAgent agent;

    public SyncController(SyncAgent agent) {
        this.agent = agent;
    }

    @GetMapping(path = "/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    public SyncStatus status() {
        return agent.status();
    }

    @PostMapping(path = "/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    public SyncStatus syncNow() {
        return agent.syncOnce();
    }
}
