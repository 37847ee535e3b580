package dk.simplydinero.sync;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Both simulators on random ports, outside the application (so a test can stop and start the service on the
 * same data and database), and what the sync tests need to drive and count them.
 */
final class SimulatedSides {

    final CrmSimulator crm = (CrmSimulator) new CrmSimulator().start(0);
    final DineroSimulator dinero = (DineroSimulator) new DineroSimulator().rateLimit(100, Duration.ofSeconds(1)).start(0);
    /** The simulated CRM's VAT custom field on Organizations; a real installation names its own. */
    static final String VAT_FIELD = "cf_853";
    final String database = "jdbc:h2:file:./target/test-db/sync-" + UUID.randomUUID();

    /** Points the service at these simulators; a 1-second rate window keeps the tests fast but still limited. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("sandbox.enabled", () -> "false");
        registry.add("simplycrm.vat-field", () -> VAT_FIELD);
        registry.add("simplycrm.url", crm::baseUrl);
        registry.add("dinero.api-url", dinero::baseUrl);
        registry.add("dinero.auth-url", () -> dinero.baseUrl() + DineroSimulator.TOKEN_PATH);
        registry.add("dinero.requests-per-minute", () -> "100");
        registry.add("dinero.rate-window", () -> "1s");
        registry.add("spring.datasource.url", () -> database);
    }

    /**
     * Starts the service on these simulators and database, as an operator would from the command line (arguments
     * win over application.properties); for tests that start, stop and restart it themselves.
     */
    ConfigurableApplicationContext startService(String... extraArguments) {
        List<String> args = serviceArguments(0);
        // A setting given here replaces the default above (Spring would join two values of one key with a comma).
        for (String extra : extraArguments) {
            String key = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
            args.removeIf(a -> a.startsWith(key));
        }
        args.addAll(List.of(extraArguments));
        return new SpringApplicationBuilder(SimplyDineroSyncApplication.class).run(args.toArray(String[]::new));
    }

    /** The command line that points the service at these simulators and database (also for a service in a child JVM). */
    List<String> serviceArguments(int serverPort) {
        return new java.util.ArrayList<>(List.of(
                "--server.port=" + serverPort,
                "--sandbox.enabled=false",
                "--simplycrm.vat-field=" + VAT_FIELD,
                "--simplycrm.url=" + crm.baseUrl(),
                "--dinero.api-url=" + dinero.baseUrl(),
                "--dinero.auth-url=" + dinero.baseUrl() + DineroSimulator.TOKEN_PATH,
                "--dinero.requests-per-minute=100",
                "--dinero.rate-window=1s",
                "--spring.datasource.url=" + database));
    }

    static ApiClient api(ConfigurableApplicationContext service) {
        return new ApiClient(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")), "admin", "sandbox");
    }

    /** Starts a run over REST and waits for its end; returns the finished run. */
    static Map<String, Object> runSync(ApiClient api) {
        ApiClient.Answer started = api.post("/api/sync", "");
        if (started.status() != 202) {
            throw new AssertionError("POST /api/sync answered " + started.status() + " " + started.body());
        }
        long runId = started.json().get("runId").asLong();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(api.get("/api/runs/" + runId).json().get("status").asText()));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(api.get("/api/runs/" + runId).json(), Map.class);
        return run;
    }

    static final Predicate<RequestLog.Entry> WRITE = e -> e.operation().endsWith(".create") || e.operation().endsWith(".update")
            || e.operation().endsWith(".delete") || e.operation().endsWith(".book");
    /** List pages of contacts, products, invoices (an invoice's payments are a read of one record, not a list). */
    static final Predicate<RequestLog.Entry> LIST = e -> e.operation().endsWith(".list") && !e.operation().contains("payments");
    static final Predicate<RequestLog.Entry> TOKEN = e -> e.operation().equals("token");

    static final List<String> CRM_WRITES = List.of("create", "update", "revise", "delete");

    /** Dinero's records of a type that are not deleted (the simulator keeps deleted ones, as some lists do). */
    List<Map<String, Object>> liveDinero(String type) {
        return dinero.records(type).stream().filter(r -> r.get("DeletedAt") == null).toList();
    }

    long crmWrites() {
        return crm.requestLog().count(e -> CRM_WRITES.contains(e.operation()));
    }

    void close() {
        crm.close();
        dinero.close();
    }
}
