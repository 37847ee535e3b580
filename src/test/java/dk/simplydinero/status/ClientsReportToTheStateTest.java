package dk.simplydinero.status;

import dk.simplydinero.crm.CrmLoginException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.dinero.DineroRateLimiter;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clients report what their real calls see to the side's {@link SideState}: a refused key, an unreachable host,
 * a successful read, the change feed refused to a user that is not an admin. No status check is made here.
 */
class ClientsReportToTheStateTest {

    private final MovableClock clock = new MovableClock();
    private final CrmSimulator crm = new CrmSimulator().start(0);
    private final DineroSimulator dinero = (DineroSimulator) new DineroSimulator().start(0);

    @AfterEach
    void stop() {
        crm.close();
        dinero.close();
    }

    private SimplyCrmClient crmClient(String user, String key, SideState state) {
        SimplyCrmProperties p = new SimplyCrmProperties();
        p.setUrl(crm.baseUrl());
        p.setUsername(user);
        p.setAccessKey(key);
        p.setTimeout(Duration.ofSeconds(5));
        return new SimplyCrmClient(p).readAttempts(1).reportTo(state);
    }

    private DineroClient dineroClient(String apiKey, SideState state) {
        DineroProperties p = new DineroProperties();
        p.setOrganizationId(DineroSimulator.DEMO_ORGANIZATION_ID);
        p.setApiKey(apiKey);
        p.setClientId(DineroSimulator.DEMO_CLIENT_ID);
        p.setClientSecret(DineroSimulator.DEMO_CLIENT_SECRET);
        p.setApiUrl(dinero.baseUrl());
        p.setAuthUrl(dinero.baseUrl() + DineroSimulator.TOKEN_PATH);
        p.setTimeout(Duration.ofSeconds(5));
        return new DineroClient(p, new DineroRateLimiter(10, Duration.ofSeconds(1))).reportTo(state);
    }

    @Test
    void aCrmLoginRefusedThenAReadAnsweredAndTheFeedRead() {
        SideState state = new SideState(clock, true);
        SimplyCrmClient wrong = crmClient(CrmSimulator.DEMO_USERNAME, "WrongKey12345678", state);
        assertThatThrownBy(wrong::listTypes).isInstanceOf(CrmLoginException.class);

        assertThat(state.current().status().status()).isEqualTo("red");
        assertThat(state.current().status().message()).contains("wrong username or access key")
                .doesNotContain("WrongKey12345678");
        assertThat(state.current().at()).isEqualTo(clock.instant());

        SimplyCrmClient right = crmClient(CrmSimulator.DEMO_USERNAME, CrmSimulator.DEMO_ACCESS_KEY, state);
        clock.advance(Duration.ofMinutes(1));
        right.listTypes();
        assertThat(state.current().status().message()).startsWith("Logged in to Simply CRM at 127.0.0.1:")
                .contains("as admin (vtiger 7.1.0");
        assertThat(state.isOlderThan(Duration.ofMinutes(5))).as("the feed's access is not known yet").isTrue();
        right.sync("Accounts", 1, true);
        assertThat(state.current().status().isGreen()).isTrue();
        assertThat(state.isOlderThan(Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void theFeedRefusedToAUserThatIsNotAnAdminStaysRedWhileQueriesWork() {
        crm.addUser("clerk", "ClerkKey0123456789", false);
        SideState state = new SideState(clock, true);
        SimplyCrmClient clerk = crmClient("clerk", "ClerkKey0123456789", state);

        assertThatThrownBy(() -> clerk.sync("Accounts", 1, true)).hasMessageContaining("Only admin users");
        clerk.query("SELECT id FROM Accounts LIMIT 1;");

        SideStatus status = state.current().status();
        assertThat(status.status()).isEqualTo("red");
        assertThat(status.message()).contains("the CRM user 'clerk' is not an admin: Simply CRM only lets admin users"
                + " read the change feed (ACCESS_DENIED \"Only admin users can perform application sync\")");
    }

    @Test
    void dineroRefusingTheKeyThenAnsweringAList() {
        SideState state = new SideState(clock, false);
        DineroClient wrong = dineroClient("not-the-key-123", state);
        assertThatThrownBy(() -> wrong.page(DineroResource.CONTACTS, ListQuery.all().pageSize(1), 0))
                .isInstanceOf(DineroException.Auth.class);
        assertThat(state.current().status().message()).contains("Wrong API key").doesNotContain("not-the-key-123");

        DineroClient right = dineroClient(DineroSimulator.DEMO_API_KEY, state);
        right.page(DineroResource.CONTACTS, ListQuery.all().pageSize(1), 0);
        assertThat(state.current().status().isGreen()).isTrue();
        assertThat(state.current().status().message()).contains(DineroSimulator.DEMO_ORGANIZATION_ID);
    }

    @Test
    void aRecordRefusedForItsContentDoesNotTurnDineroRed() {
        SideState state = new SideState(clock, false);
        DineroClient client = dineroClient(DineroSimulator.DEMO_API_KEY, state);
        client.page(DineroResource.CONTACTS, ListQuery.all().pageSize(1), 0);
        assertThatThrownBy(() -> client.getContact("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(DineroException.NotFound.class);

        assertThat(state.current().status().isGreen()).isTrue();
    }
}
