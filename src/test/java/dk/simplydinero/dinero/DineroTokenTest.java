package dk.simplydinero.dinero;

import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.http.CamelHttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shortTokenLifetimeIsRenewedWithoutAFailedCall() {
        // The simulator's token expiry and the token source's renewal read one time line that the test moves.
        ManualTime time = new ManualTime();
        sim.tokenLifetime(Duration.ofSeconds(1)).setClock(time.clock());
        DineroProperties p = DineroFixtures.props(sim);
        TokenSource tokens = new ApiKeyTokenSource(CamelHttpTransport.standalone(), p.getAuthUrl(), p.getClientId(),
                p.getClientSecret(), p.getApiKey(), p.getTimeout(), time::nanoTime);
        DineroClient client = new DineroClient(p, new DineroRateLimiter(100, Duration.ofMinutes(1)), tokens);

        int calls = 0;
        while (time.elapsed().compareTo(Duration.ofMillis(2600)) < 0) {
            assertThat(client.getContact(guid)).containsEntry("Name", "Børge Lund");
            calls++;
            time.advance(Duration.ofMillis(50));
        }

        assertThat(calls).isEqualTo(52);
        // A 1 s token is renewed a fifth of its life (200 ms) early: at 0, 800, 1600 and 2400 ms.
        assertThat(sim.tokensIssued()).isEqualTo(4);
        assertThat(sim.requestLog().count(e -> e.status() == 401)).as("no call was refused for an expired token").isZero();
        assertThat(sim.requestLog().countOperation("contacts.get")).isEqualTo(calls);
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
