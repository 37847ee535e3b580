package dk.simplydinero.console;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * What the console's buttons do, through the same routes as the REST API ({@code routes/api.yaml}: start a run,
 * retry a failure, reload the mapping), so a run started here is the very one {@code POST /api/sync} starts and an
 * error is answered by the same {@code api-errors} handling.
 */
@Component
public class ConsoleActions {

    /** A route's answer: the HTTP status it chose and its JSON body as a map. */
    public record Answer(int status, Map<String, Object> body) {
        boolean ok() {
            return status < 300;
        }

        boolean refused() {
            return status == 409;
        }

        String error() {
            Object error = body.get("error");
            return error == null ? "" : String.valueOf(error);
        }
    }

    private final ProducerTemplate camel;

    public ConsoleActions(ProducerTemplate camel) {
        this.camel = camel;
    }

    public Answer startSync() {
        return call("direct:startSync", Map.of());
    }

    /** The dry run of a whole run ({@code POST /api/sync?dryRun=true}). */
    public Answer preview() {
        return call("direct:startSync", Map.of("dryRun", "true"));
    }

    /** One CRM record synced now ({@code POST /api/sync/{module}/{crmId}}). */
    public Answer syncRecord(String module, String crmId) {
        return call("direct:syncRecord", Map.of("module", module, "crmId", crmId));
    }

    /** The dry run of one record's sync ({@code POST /api/sync/{module}/{crmId}?dryRun=true}). */
    public Answer previewRecord(String module, String crmId) {
        return call("direct:syncRecord", Map.of("module", module, "crmId", crmId, "dryRun", "true"));
    }

    public Answer retry(long failureId) {
        return call("direct:retryFailure", Map.of("id", String.valueOf(failureId)));
    }

    public Answer reloadMapping() {
        return call("direct:reloadMapping", Map.of());
    }

    @SuppressWarnings("unchecked")
    private Answer call(String route, Map<String, Object> headers) {
        Exchange done = camel.request(route, exchange -> exchange.getMessage().setHeaders(new java.util.HashMap<>(headers)));
        Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Object body = done.getMessage().getBody();
        return new Answer(status == null ? 200 : status, body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
    }
}
