package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmAccessDeniedException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/failures/{id}/retry}: one failed record again, now, in the half of the sync it failed in, as a
 * run of trigger {@code record}. (Every run retries open failures anyway; this is for "I fixed it, try it now".)
 */
@Component
public class FailureRetry {

    private final FailureStore failures;
    private final SimplyCrmClient crm;
    private final DineroClient dinero;
    private final SyncRuns runs;

    public FailureRetry(FailureStore failures, SimplyCrmClient crm, DineroClient dinero, SyncRuns runs) {
        this.failures = failures;
        this.crm = crm;
        this.dinero = dinero;
        this.runs = runs;
    }

    /** Reads the failed record again and starts the run; the body becomes the record, {@code recordRoute} its route. */
    public Map<String, Object> begin(Exchange exchange, @Header("id") String id) {
        long failureId;
        try {
            failureId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiProblem(400, "'" + id + "' is not a failure id (a number)");
        }
        Map<String, Object> failure = failures.openFailure(failureId)
                .orElseThrow(() -> new ApiProblem(404, "No open failure " + failureId));
        SyncModule module = SyncModule.valueOf(String.valueOf(failure.get("module")).toUpperCase());
        boolean toDinero = "crm-to-dinero".equals(failure.get("direction"));
        Map<String, Object> record;
        if (toDinero) {
            try {
                record = crm.retrieve(String.valueOf(failure.get("crmId")));
            } catch (CrmAccessDeniedException gone) {
                throw new ApiProblem(404, "The CRM record " + failure.get("crmId") + " of failure " + failureId + " is gone");
            }
        } else {
            record = dinero.find(module.dineroResource(), String.valueOf(failure.get("dineroId")))
                    .orElseThrow(() -> new ApiProblem(404, "The Dinero record " + failure.get("dineroId") + " of failure "
                            + failureId + " is gone"));
        }
        long runId = runs.begin(SyncRuns.RECORD);
        exchange.getMessage().setHeader("runId", runId);
        exchange.getMessage().setHeader("module", module);
        exchange.getMessage().setHeader("failureId", failureId);
        exchange.getMessage().setHeader("recordRoute", RecordRoute.of(module,
                toDinero ? FailureStore.Direction.CRM_TO_DINERO : FailureStore.Direction.DINERO_TO_CRM));
        return record;
    }

    /** Ends the run, whatever happened to the record (called from the route's doFinally, so it never throws). */
    public void finish(@Header("runId") long runId) {
        runs.finish(runId);
    }

    /** The answer (after the run ended); refused again → 422 with the reason (the failure counts one more attempt). */
    public Map<String, Object> end(@Header("runId") long runId, @Header("failureId") long failureId,
                                   @Header("module") SyncModule module, @Header("failureStatus") Integer failureStatus,
                                   @Body Object result) {
        if (!(result instanceof WriteOutcome outcome)) {
            throw new ApiProblem(500, "The retry ended without a result; see GET /api/runs/" + runId);
        }
        if (outcome.action() == WriteOutcome.Action.FAILED) {
            throw new ApiProblem(failureStatus == null ? 422 : failureStatus,
                    "Failure " + failureId + " failed again: " + outcome.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("failureId", failureId);
        answer.put("module", module.key());
        answer.put("action", outcome.actionName());
        answer.put("resolved", failures.openFailure(failureId).isEmpty());
        return answer;
    }
}
