package io.edgeserve.capture;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /capture}: data capture's state, behind management access like the metrics. */
@Tag(name = "Data capture", description = "Sampled requests and answers kept in a local spool and uploaded (docs/data-capture.md)")
@RestController
public class CaptureController {

    private final ObjectProvider<CaptureAgents> agents;

    public CaptureController(ObjectProvider<CaptureAgents> agents) {
        this.agents = agents;
    }

    @Operation(operationId = "captureStatus", summary = "Data capture status",
            description = "Records captured and dropped by reason, the spool's bytes and files waiting, uploads and "
                    + "failures, the last successful upload, and the writer's and uploader's states "
                    + "(docs/data-capture.md). Needs management access.")
    @GetMapping(path = "/capture", produces = "application/json")
    public CaptureStatus status() {
        CaptureAgents running = agents.getIfAvailable();
        return running == null ? CaptureStatus.disabled() : running.status();
    }
}
