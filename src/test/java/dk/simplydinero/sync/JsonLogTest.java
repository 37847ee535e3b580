package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code logging.structured.format.console=ecs} every console line is one JSON object; a run's lines carry
 * {@code runId} and {@code module} as fields, and secrets are masked as in the plain lines.
 */
@SimulatedService(properties = {"logging.structured.format.console=ecs", "sandbox.sync-at-start=false"})
@ExtendWith(OutputCaptureExtension.class)
class JsonLogTest {

    static SimulatedSides sides;

    @Autowired
    Environment service;

    /**
     * Logback is one per JVM and Spring Boot configures it once while any context it configured lives: another test's
     * cached context would keep this service on plain lines. Marked as not configured, this service's start configures
     * it (with JSON lines).
     */
    @BeforeAll
    static void logbackConfiguredByThisService() {
        LoggingSystem.get(JsonLogTest.class.getClassLoader()).cleanUp();
    }

    /**
     * The format goes into a system property that outlives this service, and the next service configuring logback
     * would take it: it leaves with this class.
     */
    @AfterAll
    static void nextServiceLogsPlainLines() {
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
    }

    @Test
    void eachLineIsJsonWithTheRunAndModuleAndNoSecret(ApiClient api, CapturedOutput output) throws Exception {
        String priceless = sides.crm.put("Products", Map.of("productname", "Fanø Porter", "unit_price", "",
                "assigned_user_id", ""));
        String apiKey = service.getRequiredProperty("dinero.api-key");
        String accessKey = service.getRequiredProperty("simplycrm.access-key");
        // A line that names the secrets outright, as a careless library might.
        LoggerFactory.getLogger("org.example.Careless").warn("sent api_key={} and accessKey={}", apiKey, accessKey);
        // A quoted URL and a JSON answer with a session in them, and a secret with a quote and a backslash in it.
        LoggerFactory.getLogger("org.example.Careless").warn("asked \"GET /webservice.php?operation=query"
                + "&sessionName=5e55f00d1234\" and got {\"sessionName\":\"5e55f00d1234\"}");
        String quoted = "Pa\"ss\\word-4e1";
        dk.simplydinero.logging.SecretMasking.register(quoted);
        LoggerFactory.getLogger("org.example.Careless").warn("the password is {}", quoted);

        Map<String, Object> run = SimulatedSides.runSync(api);
        long id = ((Number) run.get("id")).longValue();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.getAll().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).filteredOn(l -> l.path("message").asText().contains(priceless)).singleElement()
                .satisfies(l -> {
                    assertThat(l.path("runId").asText()).isEqualTo(String.valueOf(id));
                    assertThat(l.path("module").asText()).isEqualTo("products");
                });
        assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("Sync run " + id + " partial"))
                .singleElement().satisfies(l -> assertThat(l.path("runId").asText()).isEqualTo(String.valueOf(id)));
        assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("sent api_key=")).singleElement()
                .satisfies(l -> assertThat(l.path("message").asText()).isEqualTo("sent api_key=**** and accessKey=****"));
        assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("asked ")).singleElement()
                .satisfies(l -> assertThat(l.path("message").asText()).isEqualTo("asked \"GET /webservice.php?"
                        + "operation=query&sessionName=****\" and got {\"sessionName\":\"****\"}"));
        assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("the password is")).singleElement()
                .satisfies(l -> assertThat(l.path("message").asText()).isEqualTo("the password is ****"));
        assertThat(output.getAll()).doesNotContain(apiKey, accessKey, SimulatedSides.API_PASSWORD, "5e55f00d1234",
                "Pa\\\"ss");
    }
}
