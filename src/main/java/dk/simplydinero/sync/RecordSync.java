package dk.simplydinero.sync;

import dk.simplydinero.config.SettingValues;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmAccessDeniedException;
import dk.simplydinero.crm.CrmInvalidIdException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.model.ApiProblem;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code POST /api/sync/{module}/{crmId}}: the original module's "Sync with Dinero" button. Only in one-way
 * CRM → Dinero mode (otherwise the two sides' priorities would be bypassed). Runs as a run of trigger
 * {@code record}, so it never overlaps a bulk run.
 */
@Component
public class RecordSync {

    private static final Pattern CRM_ID = Pattern.compile("\\d+x\\d+");

    private final SimplyCrmClient crm;
    private final SyncRuns runs;
    private final SyncProperties settings;

    public RecordSync(SimplyCrmClient crm, SyncRuns runs, SyncProperties settings) {
        this.crm = crm;
        this.runs = runs;
        this.settings = settings;
    }

    /** Checks the call, reads the CRM record and starts the run; the body becomes the record, {@code recordRoute} its route. */
    public Map<String, Object> begin(Exchange exchange, @Header("module") String moduleKey, @Header("crmId") String crmId) {
        Target target = target(moduleKey, crmId);
        long runId = runs.begin(SyncRuns.RECORD);
        exchange.getMessage().setHeader("runId", runId);
        exchange.getMessage().setHeader("module", target.module());
        exchange.getMessage().setHeader("recordRoute", RecordRoute.of(target.module(), FailureStore.Direction.CRM_TO_DINERO));
        return target.record();
    }

    /** A CRM record a single-record sync (or its dry run) is asked for, as the CRM holds it. */
    record Target(SyncModule module, String crmId, Map<String, Object> record) {
    }

    /** Why a single-record sync is refused in the direction in force (answered 409); empty when it is allowed. */
    public Optional<String> refusal() {
        if (settings.getDirection() != SyncProperties.Direction.CRM_TO_DINERO) {
            return Optional.of("Single-record sync is only allowed when sync.direction=crm-to-dinero; it is "
                    + SettingValues.of(settings.getDirection()) + ". Use POST /api/sync for a full run.");
        }
        return Optional.empty();
    }

    /**
     * Checks a single-record call (the module, the direction, the id) and reads the record.
     *
     * @throws ApiProblem 400, 404 or 409 with the reason
     */
    Target target(String moduleKey, String crmId) {
        SyncModule module = SyncModule.byKey(moduleKey)
                .orElseThrow(() -> new ApiProblem(400, "Unknown module '" + moduleKey + "': use "
                        + Arrays.stream(SyncModule.values()).map(SyncModule::key).collect(Collectors.joining(", "))));
        refusal().ifPresent(reason -> {
            throw new ApiProblem(409, reason);
        });
        if (crmId == null || !CRM_ID.matcher(crmId).matches()) {
            throw new ApiProblem(400, "'" + crmId + "' is not a CRM webservice id (such as 11x42)");
        }
        if (!crmId.startsWith(crm.idPrefix(module.crmModule()) + "x")) {
            throw new ApiProblem(404, "No " + module.key() + " record " + crmId + " in the CRM (its ids start with "
                    + crm.idPrefix(module.crmModule()) + "x)");
        }
        Map<String, Object> record;
        try {
            record = crm.retrieve(crmId);
        } catch (CrmInvalidIdException | CrmAccessDeniedException e) { // vtiger answers a missing record with ACCESS_DENIED
            throw new ApiProblem(404, "No " + module.key() + " record " + crmId + " in the CRM");
        }
        return new Target(module, crmId, record);
    }

    /** Ends the run, whatever happened to the record (called from the route's doFinally, so it never throws). */
    public void finish(@Header("runId") long runId) {
        runs.finish(runId);
    }

    /**
     * The body becomes the answer (after the run ended). A record refused (by Dinero, or by the mapping because of its CRM
     * data) is answered 422 with the reason; a side that did not answer, 503.
     */
    public Map<String, Object> end(@Header("runId") long runId, @Header("module") SyncModule module,
                                   @Header("crmId") String crmId, @Header("failureStatus") Integer failureStatus,
                                   @Body Object result) {
        if (!(result instanceof WriteOutcome outcome)) {
            throw new ApiProblem(500, "The record sync ended without a result; see GET /api/runs/" + runId);
        }
        if (outcome.action() == WriteOutcome.Action.FAILED) {
            int status = failureStatus == null ? 422 : failureStatus;
            throw new ApiProblem(status, (status == 503 ? "No answer while syncing " : "Could not sync ") + module.key()
                    + " " + crmId + ": " + outcome.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("module", module.key());
        answer.put("crmId", crmId);
        answer.put("dineroId", outcome.dineroId());
        answer.put("action", outcome.actionName());
        if (outcome.message() != null) {
            answer.put("message", outcome.message());
        }
        return answer;
    }
}
