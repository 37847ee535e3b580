package dk.simplydinero.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The knob that answers chosen requests malformed (HTTP 200, not JSON), seen from a real HTTP client. */
class MalformedAnswerKnobTest {

    final SimulatorServerTest.Echo server = (SimulatorServerTest.Echo) new SimulatorServerTest.Echo().start(0);
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anHtmlPageIsAnsweredInsteadOfTheWorkForTheChosenRequestsAsOftenAsAsked() throws Exception {
        server.faults().malformedAnswers(r -> "7".equals(r.query().get("id")), Faults.Malformed.HTML, 2);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> page = get("/read?id=7");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<b>Fatal error</b>");
        }
        assertThat(server.work.get()).isZero();
        assertThat(get("/read?id=8").body()).startsWith("{\"ok\":true");
        assertThat(get("/read?id=7").body()).startsWith("{\"ok\":true");
        assertThat(server.faults().malformedAnswers()).isEqualTo(2);
        assertThat(server.requestLog().entries()).extracting(RequestLog.Entry::fault)
                .containsExactly("html", "html", null, null);
    }

    @Test
    void aTruncatedAnswerComesAfterTheWorkAndUntilSwitchedOff() throws Exception {
        server.faults().malformedAnswers(r -> r.path().equals("/write"), Faults.Malformed.TRUNCATED_JSON, -1);

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> cut = get("/write");
            assertThat(cut.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> new ObjectMapper().readTree(cut.body())).hasMessageContaining("end-of-input");
        }
        assertThat(server.work.get()).isEqualTo(5);

        server.faults().off();
        assertThat(new ObjectMapper().readTree(get("/write").body()).get("ok").asBoolean()).isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
