package dk.simplydinero.status;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroRateLimiter;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.MovableClock;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and status answer from what the clients last saw: they cost the sync's budget (CRM logins, Dinero tokens
 * and the 100 requests per minute) at most one check per {@code status.check-interval}, never wait behind the
 * Dinero rate limiter, and say how old what they show is. Counted in the simulators' request logs; the interval is
 * measured on a clock the test moves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {StatusApiTest.DB,
        "sandbox.sync-at-start=false",
        // a budget of its own (the limiter is shared per organization and budget in this JVM): this test exhausts it
        "dinero.rate-window=37s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusEconomyTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    CrmSimulator crm;
    @Autowired
    DineroSimulator dinero;
    @Autowired
    DineroClient dineroClient;
    @Autowired
    MovableClock clock;

    private ApiClient api() {
        return new ApiClient(port, "admin", "sandbox");
    }

    private static long logins(RequestLog log) {
        return log.countOperation("login");
    }

    private static long lists(RequestLog log) {
        return log.count(e -> e.operation() != null && e.operation().endsWith(".list"));
    }

    private static long tokens(RequestLog log) {
        return log.countOperation("token");
    }

    @Test
    @Order(1)
    void fiftyHealthAndTwentyStatusCallsCostAtMostOneLoginOneTokenAndOneList() {
        for (int i = 0; i < 50; i++) {
            ApiClient.Answer health = ApiClient.anonymous(port).get("/actuator/health");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");
        }
        for (int i = 0; i < 20; i++) {
            JsonNode status = api().get("/api/status").json();
            assertThat(status.at("/crm/status").asText()).as(status.toString()).isEqualTo("green");
            assertThat(status.at("/dinero/status").asText()).as(status.toString()).isEqualTo("green");
        }

        assertThat(logins(crm.requestLog())).as("CRM logins").isLessThanOrEqualTo(1);
        assertThat(crm.requestLog().countOperation("getchallenge")).as("CRM challenges").isLessThanOrEqualTo(1);
        assertThat(crm.openSessions()).as("open CRM sessions").isLessThanOrEqualTo(1);
        assertThat(tokens(dinero.requestLog())).as("Dinero tokens").isLessThanOrEqualTo(1);
        assertThat(lists(dinero.requestLog())).as("Dinero list calls").isLessThanOrEqualTo(1);
        assertThat(dinero.requestLog().count()).as("Dinero requests in all").isLessThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void aRunKeepsTheStatusFreshWithoutCallsOfItsOwn() {
        clock.advance(Duration.ofMinutes(10)); // whatever was known is older than the interval now
        ApiClient.Answer started = api().post("/api/sync", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long runId = started.json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(api().get("/api/runs/" + runId).json().get("status").asText()));
        long crmRequests = crm.requestLog().count();
        long dineroRequests = dinero.requestLog().count();

        JsonNode status = api().get("/api/status").json();

        assertThat(status.at("/crm/status").asText()).as(status.toString()).isEqualTo("green");
        assertThat(status.at("/dinero/status").asText()).as(status.toString()).isEqualTo("green");
        assertThat(crm.requestLog().count()).as("CRM requests made for the status").isEqualTo(crmRequests);
        assertThat(dinero.requestLog().count()).as("Dinero requests made for the status").isEqualTo(dineroRequests);
        assertThat(status.at("/crm/checked").asText()).isEqualTo("checked 0 s ago");
        assertThat(status.at("/dinero/checked").asText()).isEqualTo("checked 0 s ago");
    }

    @Test
    @Order(3)
    void statusAnswersFromTheLastKnownStateWhileTheDineroBudgetIsUsedUp() {
        JsonNode before = api().get("/api/status").json();
        assertThat(before.at("/dinero/status").asText()).as(before.toString()).isEqualTo("green");
        String checkedAt = before.at("/dinero/checkedAt").asText();
        DineroRateLimiter limiter = dineroClient.rateLimiter();
        List<DineroRateLimiter.Permit> taken = new ArrayList<>();
        for (DineroRateLimiter.Permit p = limiter.tryAcquire(); p != null; p = limiter.tryAcquire()) {
            taken.add(p); // every request slot of the window, as a busy run would hold them
        }
        taken.forEach(DineroRateLimiter.Permit::release); // released, but each slot stays taken for one window
        clock.advance(Duration.ofMinutes(6)); // a check is due on both sides
        long dineroRequests = dinero.requestLog().count();
        long crmLogins = logins(crm.requestLog());
        long crmRequests = crm.requestLog().count();
        JsonNode status = api().get("/api/status").json();
        api().get("/api/status");
        ApiClient.anonymous(port).get("/actuator/health");

        assertThat(dinero.requestLog().count()).as("Dinero requests while its budget is used up")
                .isEqualTo(dineroRequests);
        assertThat(status.at("/dinero/status").asText()).as(status.toString()).isEqualTo("green");
        assertThat(checkedAt).isNotBlank();
        assertThat(status.at("/dinero/checkedAt").asText()).isEqualTo(checkedAt);
        assertThat(status.at("/dinero/checked").asText()).isEqualTo("checked 6 min ago");
        assertThat(status.at("/dinero/ageSeconds").asLong()).isEqualTo(360);
        // the CRM was checked again (due), on the session it holds
        assertThat(status.at("/crm/status").asText()).isEqualTo("green");
        assertThat(status.at("/crm/checked").asText()).isEqualTo("checked 0 s ago");
        assertThat(logins(crm.requestLog())).as("CRM logins").isEqualTo(crmLogins);
        assertThat(crm.requestLog().count()).as("CRM requests: one check").isEqualTo(crmRequests + 1);
        // the settings and the last run are still there
        assertThat(status.get("settings").get("dinero.api-key").asText()).isEqualTo("********");
        assertThat(status.has("lastRun")).isTrue();
    }

    @Test
    @Order(4)
    void anonymousHealthSaysUpOrDownOnlyAndAUserSeesTheSides() {
        JsonNode anonymous = ApiClient.anonymous(port).get("/actuator/health").json();
        assertThat(anonymous.get("status").asText()).isEqualTo("UP");
        List<String> fields = new ArrayList<>();
        anonymous.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("status");

        JsonNode user = api().get("/actuator/health").json();
        assertThat(user.at("/components/crm/status").asText()).as(user.toString()).isEqualTo("UP");
        assertThat(user.at("/components/dinero/status").asText()).isEqualTo("UP");
        assertThat(user.at("/components/crm/details/message").asText()).contains("Simply CRM");
        assertThat(user.at("/components/dinero/details/checked").asText()).startsWith("checked ");
        assertThat(user.toString()).doesNotContain(CrmSimulator.DEMO_ACCESS_KEY);
    }
}
