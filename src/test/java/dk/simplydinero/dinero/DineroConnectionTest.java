package dk.simplydinero.dinero;

import com.sun.net.httpserver.HttpServer;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SideStatus;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class DineroConnectionTest {

    private DineroSimulator sim;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static DineroClient client(DineroProperties p) {
        return new DineroClient(p, new DineroRateLimiter(10, Duration.ofSeconds(1)));
    }

    @Test
    void greenOnDemoCredentialsWithTheTokenHeld() {
        DineroClient client = DineroFixtures.client(sim);
        client.tokenSource().token();
        long before = sim.tokensIssued();

        SideStatus status = client.checkConnection();

        assertThat(status.isGreen()).as(status.message()).isTrue();
        assertThat(status.message()).contains(DineroSimulator.DEMO_ORGANIZATION_ID);
        assertThat(sim.tokensIssued()).as("no new token while the one held is valid").isEqualTo(before);
        assertThat(sim.requestLog().countOperation("contacts.list")).isEqualTo(1);
    }

    @Test
    void theCheckIsPutOffInsteadOfWaitingForTheBudget() {
        DineroRateLimiter limiter = new DineroRateLimiter(1, Duration.ofHours(1));
        DineroClient client = new DineroClient(DineroFixtures.props(sim), limiter);
        limiter.tryAcquire().release(); // the one request of the window is spent

        assertThat(client.checkConnection()).isNull();
        assertThat(sim.requestLog().count(e -> !"token".equals(e.operation()))).as("API requests").isZero();
    }

    @Test
    void redWrongApiKey() {
        DineroProperties p = DineroFixtures.props(sim);
        p.setApiKey("not-the-key-123");
        SideStatus status = client(p).checkConnection();
        assertThat(status.isGreen()).isFalse();
        assertThat(status.message()).containsIgnoringCase("wrong API key").doesNotContain("not-the-key-123");
    }

    @Test
    void redWrongClientCredentials() {
        DineroProperties p = DineroFixtures.props(sim);
        p.setClientSecret("not-the-secret-456");
        SideStatus status = client(p).checkConnection();
        assertThat(status.isGreen()).isFalse();
        assertThat(status.message()).containsIgnoringCase("client").doesNotContain("not-the-secret-456");
    }

    @Test
    void redWithoutDineroPro() {
        sim.addOrganization("31415", "key-of-31415", false);
        DineroProperties p = DineroFixtures.props(sim);
        p.setOrganizationId("31415");
        p.setApiKey("key-of-31415");
        SideStatus status = client(p).checkConnection();
        assertThat(status.isGreen()).isFalse();
        assertThat(status.message()).contains("Dinero Pro").doesNotContain("key-of-31415");

        assertThatThrownBy(() -> client(p).list(DineroResource.CONTACTS, ListQuery.all()))
                .isInstanceOf(DineroException.Forbidden.class)
                .satisfies(e -> assertThat(((DineroException.Forbidden) e).isNoProSubscription()).isTrue());
    }

    @Test
    void redWhenTheKeyBelongsToAnotherOrganization() {
        sim.addOrganization("27182", "key-of-27182", true);
        DineroProperties p = DineroFixtures.props(sim);
        p.setApiKey("key-of-27182");
        SideStatus status = client(p).checkConnection();
        assertThat(status.isGreen()).isFalse();
        assertThat(status.message()).contains("No access").contains(DineroSimulator.DEMO_ORGANIZATION_ID);
    }

    @Test
    void redUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DineroProperties p = DineroFixtures.props(sim);
        p.setApiUrl("http://127.0.0.1:" + port);
        p.setAuthUrl("http://127.0.0.1:" + port + "/dineroapi/oauth/token");
        SideStatus status = client(p).checkConnection();
        assertThat(status.isGreen()).isFalse();
        assertThat(status.message()).contains("unreachable").contains("127.0.0.1:" + port);
    }

    @Test
    void redWhenTheAnswerIsNotFromDinero() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            byte[] body = "<html><body>Welcome to nginx!</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            DineroProperties p = DineroFixtures.props(sim);
            p.setApiUrl(url);
            p.setAuthUrl(url + "/dineroapi/oauth/token");
            SideStatus status = client(p).checkConnection();
            assertThat(status.isGreen()).isFalse();
            assertThat(status.message()).contains("Not a Dinero API answer");

            // token fine, API URL wrong
            DineroProperties q = DineroFixtures.props(sim);
            q.setApiUrl(url);
            SideStatus api = client(q).checkConnection();
            assertThat(api.isGreen()).isFalse();
            assertThat(api.message()).contains("Not a Dinero API answer");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void secretsNeverAppearInToStringOrMessages() {
        DineroClient client = DineroFixtures.client(sim);
        String token = client.tokenSource().token();
        for (String text : new String[] {client.toString(), client.tokenSource().toString()}) {
            assertThat(text).doesNotContain(DineroSimulator.DEMO_API_KEY)
                    .doesNotContain(DineroSimulator.DEMO_CLIENT_SECRET).doesNotContain(token);
        }
    }
}
