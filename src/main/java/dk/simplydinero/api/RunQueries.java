package dk.simplydinero.api;

import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.sync.SyncRuns;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Answers of the run endpoints that need more than one bean call. */
@Component
public class RunQueries {

    private final SyncRuns runs;

    public RunQueries(SyncRuns runs) {
        this.runs = runs;
    }

    public Map<String, Object> get(@Header("id") String id) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiProblem(400, "'" + id + "' is not a run id (a number)");
        }
        return runs.describe(runId).orElseThrow(() -> new ApiProblem(404, "No run " + runId));
    }

    /** The 202 answer of POST /api/sync. */
    public Map<String, Object> started(@Header("runId") long runId) {
        return Map.of("runId", runId, "status", "running");
    }
}
