package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed path parameters and bodies the API contract does not allow are answered 4xx with a JSON {@code error} a
 * user can read, never a stack trace (in the answer or the log), and nothing is synced. (Unknown module, malformed and
 * unknown record ids: see also RecordSyncTest; every operation against the contract: ApiContractTest.)
 */
@SimulatedService
@ExtendWith(OutputCaptureExtension.class)
class RestInputTest {

    static SimulatedSides sides;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,  /api/runs/abc,                     abc",
            "GET,  /api/runs/1.5,                     1.5",
            "GET,  /api/runs/99999999999999999999,    99999999999999999999",
            "POST, /api/failures/abc/retry,           abc",
            "POST, /api/failures/-1x/retry,           -1x",
            "POST, /api/sync/invoices/11x,            11x",
            "POST, /api/sync/invoices/x42,            x42",
            "POST, /api/sync/invoices/11x42x1,        11x42x1",
            "POST, /api/sync/invoices/11x4%27%20OR%201=1, 11x4%27%20OR%201=1",
            "POST, /api/sync/Organisationer/11x42,    Organisationer",
    })
    void aMalformedPathParameterIsAClientErrorWithAReason(String method, String path, String named, ApiClient api) {
        long crmRequests = sides.crm.requestLog().count();
        long dineroRequests = sides.dinero.requestLog().count();

        ApiClient.Answer answer = "GET".equals(method) ? api.get(path) : api.post(path, "");

        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertThat(answer.json().get("error").asText()).as(answer.body()).contains(named);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dk.simplydinero");
        assertThat(sides.crm.requestLog().count()).isEqualTo(crmRequests);
        assertThat(sides.dinero.requestLog().count()).isEqualTo(dineroRequests);
    }

    @ParameterizedTest(name = "{0} {1} with {2} {3}")
    @CsvSource(delimiter = '|', value = {
            // Malformed JSON, text, and JSON that is more than the empty object: the operation takes no body.
            "POST | /api/sync          | application/json | {\"direction\": \"both\"  | No request body is expected",
            "POST | /api/sync          | text/plain       | sync everything please  | No request body is expected",
            "POST | /api/sync          | application/json | {\"direction\": \"both\"} | No request body is expected",
            // A %-escape that is not one: refused before any route, not a 500 with a stack trace.
            "GET  | /api/status?x=100% | application/json | ''                      | not URL-encoded correctly",
    })
    void aRequestTheContractDoesNotAllowIsAClientErrorWithAReason(String method, String path, String contentType,
                                                                  String body, String reason, CapturedOutput output,
                                                                  ApiClient api) {
        int runs = api.get("/api/runs").json().size();
        long crmRequests = sides.crm.requestLog().count();
        long dineroRequests = sides.dinero.requestLog().count();
        int logSoFar = output.getAll().length();

        ApiClient.Answer answer = api.send(method, path, contentType, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers()).containsIgnoringCase("content-type: application/json");
        assertThat(answer.json().get("error").asText()).as(answer.body()).contains(reason);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
        String log = output.getAll().substring(logSoFar);
        assertThat(log).as("the log of the refused call").doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain(" ERROR ");
        // Nothing started.
        assertThat(api.get("/api/runs").json()).hasSize(runs);
        assertThat(sides.crm.requestLog().count()).isEqualTo(crmRequests);
        assertThat(sides.dinero.requestLog().count()).isEqualTo(dineroRequests);
    }
}
