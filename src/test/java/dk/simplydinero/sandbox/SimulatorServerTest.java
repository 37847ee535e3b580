package dk.simplydinero.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fault knobs every simulator shares, seen from a real HTTP client. */
class SimulatorServerTest {

    /** Counts the work it does, so a test can tell whether a faulted request still took effect. */
    static final class Echo extends SimulatorServer {
        final AtomicInteger work = new AtomicInteger();

        Echo() {
            super("echo");
        }

        @Override
        protected String operationOf(SimRequest request) {
            return request.path().substring(1);
        }

        @Override
        protected SimResponse handle(SimRequest request) {
            work.incrementAndGet();
            return SimResponse.json(200, "{\"ok\":true,\"padding\":\"" + "x".repeat(5000) + "\"}");
        }
    }

    final Echo server = (Echo) new Echo().start(0);
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDroppedConnectionEndsTheCallWithAnErrorAfterTheWorkWasDone() {
        server.faults().dropShare(1.0);

        // No request timeout on purpose: a drop must end the call by itself, not leave the client waiting.
        // A POST, because the JDK client quietly resends a GET once when the connection closes.
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/write"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(), HttpResponse.BodyHandlers.ofString());
        await().until(call::isDone);
        assertThatThrownBy(call::join).hasCauseInstanceOf(IOException.class);

        assertThat(server.work.get()).isEqualTo(1);
        assertThat(server.faults().drops()).isEqualTo(1);
        assertThat(server.requestLog().entries()).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(-1))
                .satisfies(e -> assertThat(e.fault()).isEqualTo("drop"));
    }

    @Test
    void aServerErrorIsAnsweredBeforeAnyWork() throws Exception {
        server.faults().serverErrorShare(1.0);

        assertThat(call("/read").statusCode()).isEqualTo(503);
        assertThat(server.work.get()).isZero();

        server.faults().off();
        assertThat(call("/read").statusCode()).isEqualTo(200);
        assertThat(server.requestLog().countOperation("read")).isEqualTo(2);
        assertThat(server.faults().serverErrors()).isEqualTo(1);
    }

    @Test
    void aShareOfRequestsIsFaulted() throws Exception {
        server.faults().seed(7).serverErrorShare(0.3);
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            if (call("/read").statusCode() == 503) {
                errors++;
            }
        }
        assertThat(errors).isBetween(40, 80).isEqualTo((int) server.faults().serverErrors());
    }

    private HttpResponse<String> call(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void credentialsExpireAfterTheSharedCallLimitAndTheClockIsShared() {
        AtomicInteger old = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThat(server.spendCredentialCall(old)).as("no limit by default").isTrue();
        }
        server.expireCredentialsAfterCalls(2);
        AtomicInteger fresh = new AtomicInteger();
        assertThat(server.spendCredentialCall(fresh)).isTrue();
        assertThat(server.spendCredentialCall(fresh)).isTrue();
        assertThat(server.spendCredentialCall(fresh)).isFalse();
        assertThat(server.spendCredentialCall(old)).as("existing credentials count their calls too").isFalse();
        server.expireCredentialsAfterCalls(0);
        assertThat(server.spendCredentialCall(fresh)).isTrue();

        java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T12:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(server.setClock(fixed).clock()).isSameAs(fixed);
    }
}
