package dk.simplydinero.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the whole service with debug logging for our code, Camel, Spring Security and the JDK's HttpClient, drives
 * it through the paths where secrets slip out (logins and token renewals on every call, an expired CRM session, a
 * record Dinero refuses, a run against a Dinero that no longer takes our API key), then scans everything it logged,
 * every /api/** answer (bodies and headers, the OpenAPI document and the stored failures among them) for the
 * configured secrets and for the ones that only exist at run time (md5 login keys, session names, Dinero tokens,
 * Basic credentials).
 *
 * <p>The log is scanned twice: as printed (through the log mask) and as the loggers wrote it, before the mask, so a
 * secret our code, Spring or Camel puts in a message fails the test even though the mask would hide it (the HTTP
 * libraries excepted: the CRM API puts the session name in its GET URLs, which Apache HttpClient's debug log writes).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    static final String API_PASSWORD = "Api-Pw-9c1e77b4";
    /** Dinero access tokens: 64 hex characters in the simulator; none may show anywhere. */
    static final Pattern DINERO_TOKEN = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");

    static final List<String> DEBUG_LOGGERS = List.of("dk.simplydinero=DEBUG", "org.apache.camel=DEBUG",
            "org.springframework.security=DEBUG", "jdk.httpclient=TRACE", "jdk.internal.httpclient=TRACE",
            "org.apache.hc.client5.http=DEBUG");

    /** Levels outlive the application in logback: back to inherited, so later tests in this JVM do not log at debug. */
    @AfterEach
    void quietAgain() {
        for (String logger : DEBUG_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(logger.substring(0, logger.indexOf('=')))).setLevel(null);
        }
    }

    @Test
    void noSecretInTheLogOrInAnyApiAnswerOfARunWithFailures(CapturedOutput output) {
        List<String> answers = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        ListAppender<ILoggingEvent> raw = new ListAppender<>();
        RuntimeSecrets runtime;
        try (ConfigurableApplicationContext app = start(List.of(
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/secrets-" + System.nanoTime(),
                "--spring.security.user.password=" + API_PASSWORD,
                // one way, as the runs below expect: with the sandbox's own direction, both, the record left unsynced
                // while Dinero refuses the key is not among the failures (that run stops before pairing it)
                "--sync.direction=crm-to-dinero"))) {
            Environment env = app.getEnvironment();
            secrets.addAll(configuredSecrets(env));
            ApiClient api = new ApiClient(port(env), "admin", API_PASSWORD);
            CrmSimulator crm = app.getBean(CrmSimulator.class);
            DineroSimulator dinero = app.getBean(DineroSimulator.class);
            awaitNoRunGoing(api);
            rawCapture(raw);
            runtime = new RuntimeSecrets(crm, env.getProperty("simplycrm.access-key"));

            // Renewals are where secrets slip into logs: a new CRM session and a new Dinero token on every call.
            crm.expireSessionsAfterCalls(1);
            dinero.expireTokensAfterCalls(1);
            for (String path : List.of("/api/status", "/api/status", "/api/openapi", "/actuator/health", "/api/runs",
                    "/api/runs/1", "/api/failures")) {
                ApiClient.Answer answer = api.get(path);
                assertThat(answer.status()).as(path).isEqualTo(200);
                answers.add(answer.headers() + answer.body());
            }

            // A record Dinero refuses (400 with its validation error): stored as a failure with Dinero's reason.
            String refused = crm.put("Accounts", Map.of("accountname", "Læsø Fiskeri",
                    "email1", "salg(at)laesoe-fiskeri.dk", "assigned_user_id", ""));
            answers.add(runToEnd(api, "partial"));
            JsonNode failures = api.get("/api/failures").json();
            assertThat(failures.findValuesAsText("crmId")).contains(refused);
            String failureId = failures.get(0).get("id").asText();

            // Dinero stops taking our API key: status red, a new record not synced, single-record calls refused.
            dinero.addOrganization(DineroSimulator.DEMO_ORGANIZATION_ID, "Another-Api-Key-Entirely-1234", true);
            dinero.expireAllTokens();
            String unsynced = crm.put("Accounts", Map.of("accountname", "Hals Bådelaug", "assigned_user_id", ""));
            answers.add(runToEnd(api, "partial", "failed"));
            ApiClient.Answer red = api.get("/api/status"); // red from what the run's calls saw
            assertThat(red.json().at("/dinero/status").asText()).isEqualTo("red");
            answers.add(red.headers() + red.body());
            assertThat(api.get("/api/failures").json().findValuesAsText("crmId")).contains(unsynced);
            answers.add(answer(api.post("/api/sync/organizations/" + refused, "")));
            answers.add(answer(api.post("/api/failures/" + failureId + "/retry", "")));
            dinero.addOrganization(DineroSimulator.DEMO_ORGANIZATION_ID, env.getProperty("dinero.api-key"), true);

            // Every CRM session ends at once, mid-work: the client logs in again.
            crm.expireAllSessions();
            answers.add(runToEnd(api, "partial"));
            answers.add(answer(api.post("/api/failures/" + failureId + "/retry", "")));

            // What a user looks at afterwards: every answer of the API, each run, and the stored failures.
            for (JsonNode run : api.get("/api/runs").json()) {
                answers.add(answer(api.get("/api/runs/" + run.get("id").asText())));
            }
            for (String path : List.of("/api/runs", "/api/failures", "/api/status", "/api/openapi")) {
                answers.add(answer(api.get(path)));
            }
            answers.add(answer(ApiClient.anonymous(port(env)).get("/actuator/health")));
            answers.add(answer(new ApiClient(port(env), "admin", "wrong").get("/api/status")));
            runtime.close();
        } finally {
            raw.stop();
        }

        assertThat(output.getAll()).contains("Started SimplyDineroSyncApplication");
        assertThat(runtime.loginKeys).as("CRM logins seen").hasSizeGreaterThan(3);
        assertThat(runtime.sessionNames).as("CRM sessions seen").hasSizeGreaterThan(3);
        secrets.addAll(runtime.loginKeys);
        secrets.addAll(runtime.sessionNames);
        // The clients' HTTP library (Apache HttpClient under camel-http) logged at debug, and the session names in
        // the GET URLs it writes came out masked.
        assertThat(output.getAll()).contains("org.apache.hc.client5.http.headers", "&sessionName=**** HTTP/1.1");
        // Before the mask, only the HTTP libraries (Apache HttpClient; the JDK's, which this test's own API client
        // uses) write the session name (it is in the URLs the CRM API wants): any other logger that does, Camel's
        // included, is a leak the mask would hide.
        String rawLog = render(raw.list.stream().filter(e -> !e.getLoggerName().startsWith("jdk.")
                && !e.getLoggerName().startsWith("org.apache.hc.")).toList());
        assertThat(rawLog).as("raw capture").contains("Simply CRM");
        assertNothingLeaks(secrets, output.getAll(), rawLog, answers);
    }

    /**
     * A token endpoint (or a proxy before it) that quotes the request it got, API key and client credential
     * included, in its error: the reason reaches /api/status and the run's message, but not the secrets in it.
     * (The client itself keeps the quote in its exception: see SecretsInExceptionMessagesTest.)
     */
    @Test
    void aTokenEndpointThatEchoesTheKeyLeaksItNowhere(CapturedOutput output) throws Exception {
        List<String> answers = new ArrayList<>();
        CrmSimulator crm = (CrmSimulator) new CrmSimulator().start(0);
        HttpServer echo = new SecretsInExceptionMessagesTest.Echo(400, "application/json",
                body -> "{\"error\":\"unsupported: " + body + "\"}").start();
        List<String> secrets;
        try (ConfigurableApplicationContext app = start(List.of("--sandbox.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/secrets-echo-" + System.nanoTime(),
                "--spring.security.user.password=" + API_PASSWORD,
                "--sync.public-url=https://sync.example.dk",
                "--simplycrm.url=" + crm.baseUrl(),
                "--dinero.api-url=http://127.0.0.1:" + echo.getAddress().getPort(),
                "--dinero.auth-url=http://127.0.0.1:" + echo.getAddress().getPort() + "/token"))) {
            Environment env = app.getEnvironment();
            secrets = configuredSecrets(env);
            ApiClient api = new ApiClient(port(env), "admin", API_PASSWORD);

            crm.put("Accounts", Map.of("accountname", "Hals Bådelaug", "assigned_user_id", ""));
            ApiClient.Answer status = api.get("/api/status");
            assertThat(status.json().at("/dinero/status").asText()).isEqualTo("red");
            // An error field that is not an OAuth code is not repeated at all (it could carry what was sent).
            assertThat(status.json().at("/dinero/message").asText()).contains("unknown_error");
            answers.add(answer(status));
            answers.add(runToEnd(api, "partial", "failed"));
            answers.add(answer(api.get("/api/runs")));
            answers.add(answer(api.get("/api/failures")));
        } finally {
            echo.stop(0);
            crm.close();
        }
        assertNothingLeaks(secrets, output.getAll(), "", answers);
    }

    // ------------------------------------------------------------------ helpers

    private static ConfigurableApplicationContext start(List<String> arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        DEBUG_LOGGERS.forEach(level -> args.add("--logging.level." + level));
        args.addAll(arguments);
        SpringApplication application = new SpringApplication(SimplyDineroSyncApplication.class);
        application.setMainApplicationClass(SimplyDineroSyncApplication.class);
        return application.run(args.toArray(String[]::new));
    }

    private static int port(Environment env) {
        return Integer.parseInt(env.getProperty("local.server.port"));
    }

    /** The secret settings, and the Basic credentials made of them. */
    private static List<String> configuredSecrets(Environment env) {
        List<String> secrets = new ArrayList<>(List.of(env.getProperty("simplycrm.access-key"),
                env.getProperty("dinero.api-key"), env.getProperty("dinero.client-secret"), API_PASSWORD,
                basic("admin", API_PASSWORD), basic(env.getProperty("dinero.client-id"), env.getProperty("dinero.client-secret"))));
        secrets.forEach(s -> assertThat(s).isNotBlank());
        return secrets;
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertNothingLeaks(List<String> secrets, String log, String rawLog, List<String> answers) {
        assertThat(answers).isNotEmpty();
        for (String secret : secrets) {
            assertThat(log).as("log").doesNotContain(secret);
            assertThat(rawLog).as("log before the mask").doesNotContain(secret);
            for (String answer : answers) {
                assertThat(answer).as("API answer").doesNotContain(secret);
            }
        }
        assertThat(log).as("log").doesNotContainPattern(DINERO_TOKEN);
        assertThat(rawLog).as("log before the mask").doesNotContainPattern(DINERO_TOKEN);
        answers.forEach(answer -> assertThat(answer).as("API answer").doesNotContainPattern(DINERO_TOKEN));
    }

    /** Starts a run and waits for its end; its answer and the finished run, as text. */
    private static String runToEnd(ApiClient api, String... expectedStatus) {
        awaitNoRunGoing(api);
        ApiClient.Answer started = api.post("/api/sync", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("runId").asText();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(api.get("/api/runs/" + id).json().get("status").asText()));
        ApiClient.Answer run = api.get("/api/runs/" + id);
        assertThat(run.json().get("status").asText()).as(run.body()).isIn((Object[]) expectedStatus);
        return answer(started) + answer(run);
    }

    private static void awaitNoRunGoing(ApiClient api) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !api.get("/api/runs").body().contains("\"running\""));
    }

    private static String answer(ApiClient.Answer answer) {
        return answer.status() + "\n" + answer.headers() + answer.body() + "\n";
    }

    /** Every event from now on, as the logger wrote it (no pattern, no mask). */
    private static void rawCapture(ListAppender<ILoggingEvent> raw) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        raw.setContext(root.getLoggerContext());
        raw.start();
        root.addAppender(raw);
    }

    private static String render(List<ILoggingEvent> events) {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(events)) {
            out.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage())
                    .append(' ').append(event.getMDCPropertyMap()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                out.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                for (IThrowableProxy s : t.getSuppressed()) {
                    out.append("suppressed ").append(s.getClassName()).append(": ").append(s.getMessage()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
