package dk.simplydinero.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /api/** operation needs the API user's credentials: the operations are read from the service's own OpenAPI
 * document, so an endpoint added to routes/api.yaml is covered without touching this test. Missing, wrong-password
 * and unknown-user calls get 401 with nothing of the answer and start nothing. Hawtio, Jolokia and the H2 console
 * serve nothing without a login; the H2 console is not served at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecuredService.DB, SecuredService.PASSWORD_SETTING, SecuredService.NO_RUN_AT_START})
class ApiAuthenticationTest {

    /** Words only a served answer has (status, runs, failures, OpenAPI, record sync). */
    private static final List<String> ANSWER_MARKERS = List.of("\"crm\"", "\"dinero\"", "\"runId\"", "\"modules\"",
            "\"openapi\"", "\"paths\"", "\"failureId\"", "\"dineroId\"");

    /** Values for the path parameters the REST DSL declares. */
    private static final Map<String, String> PATH_VALUES = Map.of("{id}", "1", "{module}", "organizations",
            "{crmId}", "23x1");

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    record Operation(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyApiOperationRefusesMissingAndWrongCredentialsAndStartsNothing() {
        ApiClient good = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        List<Operation> operations = operationsOfTheOpenApiDocument(good);
        // The document must really list the API (else the loop below would prove nothing).
        assertThat(operations).extracting(Operation::toString).contains("GET /api/status", "GET /api/runs",
                "GET /api/runs/1", "GET /api/failures", "POST /api/sync", "POST /api/sync/organizations/23x1",
                "POST /api/failures/1/retry", "GET /api/invoices/23x1/pdf");
        operations.add(new Operation("GET", env.getProperty("camel.rest.api-context-path")));
        operations.add(new Operation("GET", "/api/no-such-call"));
        assertThat(good.get("/api/runs").json()).as("no run before the calls").isEmpty();

        Map<String, ApiClient> callers = Map.of(
                "no credentials", ApiClient.anonymous(port),
                "wrong password", new ApiClient(port, SecuredService.USER, "not-" + SecuredService.PASSWORD),
                "empty password", new ApiClient(port, SecuredService.USER, ""),
                "unknown user", new ApiClient(port, "root", SecuredService.PASSWORD));
        for (Operation operation : operations) {
            callers.forEach((who, caller) -> {
                ApiClient.Answer answer = call(caller, operation);
                String what = operation + " with " + who;
                assertThat(answer.status()).as(what).isEqualTo(401);
                assertThat(answer.headers()).as(what).containsIgnoringCase("www-authenticate: Basic");
                assertThat(answer.body()).as(what).doesNotContain(ANSWER_MARKERS);
                assertThat(answer.headers()).as(what).doesNotContainIgnoringCase("location:")
                        // the API keeps no session: a refused call does not open one either
                        .doesNotContainIgnoringCase("set-cookie:");
            });
        }

        // None of the refused POSTs started a run or touched a failure.
        assertThat(good.get("/api/runs").json()).as("runs after the refused calls").isEmpty();
        assertThat(good.get("/api/failures").json()).as("failures after the refused calls").isEmpty();
        // and the right credentials do reach every GET (the 401s above were not for another reason)
        operations.stream().filter(o -> o.method().equals("GET") && !o.path().endsWith("no-such-call"))
                .forEach(o -> assertThat(good.get(o.path()).status()).as(o.toString()).isIn(200, 404));
    }

    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;

    /**
     * A script polling {@code GET /api/runs/{id}} logs in with every call (the API keeps no session). The configured
     * password stays as configured: Spring Security would otherwise re-encode it with BCrypt at the first login, and
     * each later call would cost a BCrypt check (about 0.1 s of CPU) on the cores a running sync needs.
     */
    @Test
    void aPasswordConfiguredInPlainTextIsNotReEncodedByLogins() {
        ApiClient good = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        assertThat(good.get("/api/runs").status()).isEqualTo(200);
        assertThat(good.get("/api/runs").status()).isEqualTo(200);
        assertThat(users.loadUserByUsername(SecuredService.USER).getPassword())
                .as("the API user's password as the service checks it after two logins")
                .isEqualTo("{noop}" + SecuredService.PASSWORD);
        assertThat(new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD + "x").get("/api/runs").status())
                .as("a wrong password after those logins").isEqualTo(401);
        // A login by an unknown name is checked against a password encoded with the default id: plain too, so it
        // takes as long as a known name's (a BCrypt for unknown names only would tell which names exist)
        assertThat(passwords.encode("probe")).as("the default encoding of unknown names' check").startsWith("{noop}");
    }

    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwords;

    @Test
    void hawtioAndJolokiaServeNothingWithoutCredentials() {
        ApiClient anonymous = ApiClient.anonymous(port);
        ApiClient wrong = new ApiClient(port, SecuredService.USER, "wrong-password");
        for (String path : List.of("/actuator/hawtio", "/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/hawtio/jolokia/version", "/actuator/hawtio/jolokia/read/java.lang:type=Runtime",
                "/actuator/jolokia/version", "/actuator/jolokia/read/java.lang:type=Runtime", "/actuator")) {
            for (ApiClient caller : List.of(anonymous, wrong)) {
                // A script (no Accept: text/html) gets a Basic challenge; what a browser gets is in HawtioSecurityTest.
                ApiClient.Answer answer = caller.get(path);
                assertThat(answer.status()).as(path).isEqualTo(401);
                assertThat(answer.headers()).as(path).containsIgnoringCase("www-authenticate: Basic");
                assertThat(answer.body()).as(path).doesNotContain("\"value\"", "jolokia", "<html", "_links");
            }
            ApiClient.Answer post = anonymous.post(path, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"}");
            assertThat(post.status()).as("POST " + path).isIn(401, 403);
            assertThat(post.body()).as("POST " + path).doesNotContain("\"value\"", "InputArguments");
        }
    }

    @Test
    void theH2ConsoleIsOff() throws IOException {
        // Switched off explicitly in the shipped settings and in effect...
        assertThat(Files.readAllLines(Path.of("application.properties")))
                .contains("spring.h2.console.enabled=false");
        assertThat(env.getProperty("spring.h2.console.enabled", Boolean.class, false)).isFalse();
        // ...so the console is not served: anonymous callers are stopped by the login, and behind it there is nothing.
        ApiClient good = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        for (String path : List.of("/h2-console", "/h2-console/", "/h2-console/login.jsp")) {
            assertThat(ApiClient.anonymous(port).get(path).status()).as(path).isEqualTo(401);
            ApiClient.Answer answer = good.get(path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContainIgnoringCase("H2 Console").doesNotContain("<form");
        }
    }

    @Test
    void actuatorEndpointsThatShowSettingsAreNotExposed() {
        // /actuator/env and /actuator/configprops would show the settings (Spring masks some, not all of ours).
        ApiClient good = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump",
                "/actuator/threaddump", "/actuator/loggers", "/actuator/beans")) {
            assertThat(good.get(path).status()).as(path).isEqualTo(404);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Each path and method of the OpenAPI document, under its server URL (relative to the service), with example
     * values for the path parameters.
     */
    private List<Operation> operationsOfTheOpenApiDocument(ApiClient good) {
        ApiClient.Answer document = good.get(env.getProperty("camel.rest.api-context-path"));
        assertThat(document.status()).isEqualTo(200);
        String server = document.json().at("/servers/0/url").asText();
        assertThat(server).as("the server URL, relative to the service").startsWith("/");
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = document.json().path("paths");
        paths.fieldNames().forEachRemaining(template -> {
            String path = server + template;
            for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
                path = path.replace(value.getKey(), value.getValue());
            }
            assertThat(path).as("a path parameter this test has no value for").doesNotContain("{");
            String concrete = path;
            paths.get(template).fieldNames().forEachRemaining(method ->
                    operations.add(new Operation(method.toUpperCase(), concrete)));
        });
        return operations;
    }

    private static ApiClient.Answer call(ApiClient caller, Operation operation) {
        return operation.method().equals("GET") ? caller.get(operation.path())
                : caller.call(operation.method(), operation.path(), "");
    }
}
