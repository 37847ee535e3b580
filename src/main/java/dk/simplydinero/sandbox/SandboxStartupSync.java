package dk.simplydinero.sandbox;

import dk.simplydinero.sync.RunInProgressException;
import dk.simplydinero.sync.SyncRuns;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * In the sandbox the service shows its job at once: one sync run right after start, with a short summary in the
 * log. Off with {@code sandbox.sync-at-start=false} (tests that count requests start their own runs).
 */
@Component
@ConditionalOnProperty(name = {"sandbox.enabled", "sandbox.sync-at-start"}, havingValue = "true")
public class SandboxStartupSync {

    private static final Logger log = LoggerFactory.getLogger(SandboxStartupSync.class);

    private final SyncRuns runs;
    private final ProducerTemplate producer;

    public SandboxStartupSync(SyncRuns runs, ProducerTemplate producer) {
        this.runs = runs;
        this.producer = producer;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void syncOnce() {
        long runId;
        try {
            runId = runs.begin(SyncRuns.MANUAL);
        } catch (RunInProgressException e) {
            return;
        }
        try {
            producer.sendBodyAndHeader("direct:sync-run", null, "runId", runId);
        } catch (RuntimeException e) {
            // The demo must not take the service down: the run is recorded and the API stays up.
            log.error("Sandbox sync at start failed: {}", e.getMessage());
            return;
        }
        Map<String, Object> run = runs.describe(runId).orElseThrow();
        log.info("Sandbox sync at start: run {} {}; per module {}. Details: GET /api/runs/{}", runId, run.get("status"),
                run.get("modules"), runId);
    }
}
