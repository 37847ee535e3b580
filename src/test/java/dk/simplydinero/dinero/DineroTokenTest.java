package dk.simplydinero.dinero;

import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class DineroTokenTest {

    private DineroSimulator sim;
    private String guid;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
        guid = sim.putContact(DineroFixtures.contact("Børge Lund"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void shortTokenLifetimeIsRenewedWithoutAFailedCall() throws Exception {
        sim.tokenLifetime(Duration.ofSeconds(1));
        DineroClient client = DineroFixtures.client(sim);

        long end = System.nanoTime() + Duration.ofMillis(2600).toNanos();
        int calls = 0;
        while (System.nanoTime() < end) {
            assertThat(client.getContact(guid)).containsEntry("Name", "Børge Lund");
            calls++;
            Thread.sleep(50);
        }

        assertThat(calls).isGreaterThan(10);
        assertThat(sim.tokensIssued()).isGreaterThanOrEqualTo(3);
        assertThat(sim.requestLog().countOperation("contacts.get")).isGreaterThanOrEqualTo(calls);
    }

    @Test
    void tokensExpiringAfterAFewCallsAreReplacedTransparently() {
        sim.expireTokensAfterCalls(3);
        DineroClient client = DineroFixtures.client(sim);

        for (int i = 0; i < 10; i++) {
            assertThat(client.getContact(guid)).containsEntry("ContactGuid", guid);
        }

        assertThat(sim.requestLog().count(e -> e.status() == 401)).isPositive();
        assertThat(sim.tokensIssued()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void allTokensExpiredAtOnceIsOneRetry() {
        DineroClient client = DineroFixtures.client(sim);
        client.getContact(guid);
        sim.expireAllTokens();

        assertThat(client.getContact(guid)).containsEntry("ContactGuid", guid);
        assertThat(sim.tokensIssued()).isEqualTo(2);
    }

    @Test
    void wrongApiKeyIsAnAuthErrorWithoutTheKeyInTheMessage() {
        DineroProperties p = DineroFixtures.props(sim);
        p.setApiKey("wrong-key-0000");
        DineroClient wrong = new DineroClient(p, new DineroRateLimiter(10, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> wrong.getContact(guid))
                .isInstanceOf(DineroException.Auth.class)
                .satisfies(e -> assertThat(((DineroException.Auth) e).error()).isEqualTo("invalid_grant"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-key-0000"));
        assertThat(sim.requestLog().countOperation("contacts.get")).isZero();
    }
}
