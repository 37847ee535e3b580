package dk.simplydinero.api;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the whole service (debug logging on for our code), drives both clients through logins, token and
 * session renewals, then scans everything it logged and every /api/** answer for the configured secrets.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    static final String API_PASSWORD = "Api-Pw-9c1e77b4";

    @Test
    void noSecretInTheLogOrInAnyApiAnswer(CapturedOutput output) {
        List<String> answers = new ArrayList<>();
        List<String> secrets;
        SpringApplication application = new SpringApplication(SimplyDineroSyncApplication.class);
        application.setMainApplicationClass(SimplyDineroSyncApplication.class);
        try (ConfigurableApplicationContext app = application.run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/secrets-" + System.nanoTime(),
                "--spring.security.user.password=" + API_PASSWORD,
                "--logging.level.dk.simplydinero=DEBUG")) {
            Environment env = app.getEnvironment();
            secrets = List.of(env.getProperty("simplycrm.access-key"), env.getProperty("dinero.api-key"),
                    env.getProperty("dinero.client-secret"), API_PASSWORD);
            int port = Integer.parseInt(env.getProperty("local.server.port"));
            ApiClient api = new ApiClient(port, "admin", API_PASSWORD);

            // Renewals are where secrets slip into logs: force a new CRM session and a new Dinero token every call.
            app.getBean(CrmSimulator.class).expireSessionsAfterCalls(1);
            app.getBean(DineroSimulator.class).expireTokensAfterCalls(1);
            for (String path : List.of("/api/status", "/api/status", "/api/openapi", "/actuator/health", "/api/runs",
                    "/api/runs/1", "/api/failures")) {
                ApiClient.Answer answer = api.get(path);
                assertThat(answer.status()).as(path).isEqualTo(200);
                answers.add(answer.headers() + answer.body());
            }
            ApiClient.Answer started = api.post("/api/sync", "");
            assertThat(started.status()).isIn(202, 409);
            answers.add(started.headers() + started.body());
            answers.add(api.post("/api/sync/contacts/1x1", "").headers());
            ApiClient.Answer refused = new ApiClient(port, "admin", "wrong").get("/api/status");
            answers.add(refused.headers() + refused.body());
        }

        assertThat(output.getAll()).contains("Started SimplyDineroSyncApplication");
        // The API password travels base64-encoded in the Authorization header: that form must not come back either.
        secrets = new ArrayList<>(secrets);
        secrets.add(java.util.Base64.getEncoder().encodeToString(("admin:" + API_PASSWORD).getBytes()));
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(output.getAll()).as("log").doesNotContain(secret);
            for (String answer : answers) {
                assertThat(answer).as("API answer").doesNotContain(secret);
            }
        }
    }
}
