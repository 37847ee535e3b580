package dk.simplydinero.sync;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Both simulators on random ports, outside the application (so a test can stop and start the service on the
 * same data and database), and what the sync tests need to drive and count them. Test classes get theirs from
 * {@link Simulators} ({@link SimulatedService} for a service Spring starts on them).
 */
public final class SimulatedSides {

    public final CrmSimulator crm = (CrmSimulator) new CrmSimulator().start(0);
    public final DineroSimulator dinero = (DineroSimulator) new DineroSimulator().rateLimit(100, Duration.ofSeconds(1)).start(0);
    /** The simulated CRM's VAT custom field on Organizations; a real installation names its own. */
    static final String VAT_FIELD = dk.simplydinero.sandbox.SandboxSettings.VAT_FIELD;
    final String database = "jdbc:h2:file:./target/test-db/sync-" + UUID.randomUUID();
    /** The API password of a service on simulators: outside the sandbox the shipped one is refused at start. */
    static final String API_PASSWORD = "simulated-sides-Pw7";

    /**
     * The settings that point the service at these simulators and database. Dinero at the real ratio, its limit 100
     * per window against the client's budget of 90 (the shipped default), with the window shrunk to 1 s so the tests
     * stay fast; the other 10 are for requests another program may make, and 429s are handled above the client.
     */
    /** The service's public address in these tests' settings (receipt links start with it). */
    static final String PUBLIC_URL = "https://sync.example.dk";

    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sandbox.enabled", "false");
        settings.put("simplycrm.vat-field", VAT_FIELD);
        settings.put("simplycrm.url", crm.baseUrl());
        settings.put("dinero.api-url", dinero.baseUrl());
        settings.put("dinero.auth-url", dinero.baseUrl() + DineroSimulator.TOKEN_PATH);
        settings.put("dinero.requests-per-minute", "90");
        settings.put("dinero.rate-window", "1s");
        settings.put("spring.datasource.url", database);
        settings.put("spring.security.user.password", API_PASSWORD);
        // Required outside the sandbox while receipts are linked (sync.receipts=document by default).
        settings.put("sync.public-url", PUBLIC_URL);
        return settings;
    }

    /**
     * Starts the service on these simulators and database, as an operator would from the command line (arguments
     * win over application.properties); for tests that start, stop and restart it themselves.
     */
    ConfigurableApplicationContext startService(String... extraArguments) {
        return startService(null, extraArguments);
    }

    /** {@link #startService(String...)} with {@code clock} (a test moves it) as the service's clock, when not null. */
    ConfigurableApplicationContext startService(Clock clock, String... extraArguments) {
        List<String> args = serviceArguments(0);
        // A setting given here replaces the default above (Spring would join two values of one key with a comma).
        for (String extra : extraArguments) {
            String key = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
            args.removeIf(a -> a.startsWith(key));
        }
        args.addAll(List.of(extraArguments));
        SpringApplicationBuilder service = new SpringApplicationBuilder(SimplyDineroSyncApplication.class);
        if (clock != null) {
            service.initializers(context -> ((GenericApplicationContext) context).registerBean("testClock", Clock.class,
                    () -> clock, definition -> definition.setPrimary(true)));
        }
        return service.run(args.toArray(String[]::new));
    }

    /** The command line that points the service at these simulators and database (also for a service in a child JVM). */
    List<String> serviceArguments(int serverPort) {
        return serviceArguments(serverPort, Map.of());
    }

    /** {@link #serviceArguments(int)} with {@code overrides} in place of the simulators' values of those keys. */
    public List<String> serviceArguments(int serverPort, Map<String, String> overrides) {
        Map<String, String> settings = settings();
        settings.putAll(overrides);
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=" + serverPort));
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return args;
    }

    static ApiClient api(ConfigurableApplicationContext service) {
        return new ApiClient(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")), "admin", API_PASSWORD);
    }

    /** Starts a run over REST and waits for its end; returns the finished run. */
    public static Map<String, Object> runSync(ApiClient api) {
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

    /** A request the simulator refused for the rate limit: not executed, so neither a write nor a page read. */
    public static final Predicate<RequestLog.Entry> RATE_LIMITED = e -> e.status() == 429;
    /** Writes Dinero executed (a 429-answered one was not). */
    static final Predicate<RequestLog.Entry> WRITE = RATE_LIMITED.negate().and(e -> e.operation().endsWith(".create")
            || e.operation().endsWith(".update") || e.operation().endsWith(".delete") || e.operation().endsWith(".book"));
    /**
     * List pages of contacts, products, invoices Dinero answered (an invoice's payments are a read of one record, not
     * a list; a 429-answered request read nothing).
     */
    public static final Predicate<RequestLog.Entry> LIST = RATE_LIMITED.negate().and(e -> e.operation().endsWith(".list")
            && !e.operation().contains("payments"));
    /** A request of {@link #otherProgram}, not of the service. */
    static final Predicate<RequestLog.Entry> OTHER_PROGRAM = e -> e.path().endsWith("/" + OtherProgram.PROBE);
    public static final Predicate<RequestLog.Entry> TOKEN = e -> e.operation().equals("token");

    static final List<String> CRM_WRITES = List.of("create", "update", "revise", "delete");

    /** Dinero's records of a type that are not deleted (the simulator keeps deleted ones, as some lists do). */
    List<Map<String, Object>> liveDinero(String type) {
        return dinero.records(type).stream().filter(r -> r.get("DeletedAt") == null).toList();
    }

    /** Dinero's companies (contacts that are not persons) that are not deleted. */
    List<Map<String, Object>> liveDineroCompanies() {
        return liveDinero(DineroSimulator.CONTACTS).stream().filter(r -> Boolean.FALSE.equals(r.get("IsPerson")))
                .toList();
    }

    /** The CRM's organizations, less the one that holds Dinero's private customers. */
    List<Map<String, Object>> crmOrganizations() {
        return crm.records("Accounts").stream().filter(a -> !PrivateCustomers.NAME.equals(a.get("accountname")))
                .toList();
    }

    long crmWrites() {
        return crm.requestLog().count(e -> CRM_WRITES.contains(e.operation()));
    }

    /**
     * Another program on the same Dinero organization (an accountant's tool, a second integration) spending up to
     * {@code perWindow} requests of each 1 s window with its own limiter until closed. Its requests read a record
     * that does not exist ({@link OtherProgram#PROBE}), so they write nothing and the log tells them apart.
     */
    OtherProgram otherProgram(int perWindow) {
        return new OtherProgram(dinero, perWindow);
    }

    static final class OtherProgram implements AutoCloseable {
        static final String PROBE = "other-program";
        private final List<Thread> threads = new java.util.ArrayList<>();
        private volatile boolean running = true;

        OtherProgram(DineroSimulator dinero, int perWindow) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            dk.simplydinero.dinero.DineroRateLimiter limiter =
                    new dk.simplydinero.dinero.DineroRateLimiter(perWindow, Duration.ofSeconds(1));
            dk.simplydinero.dinero.ApiKeyTokenSource tokens = new dk.simplydinero.dinero.ApiKeyTokenSource(
                    dk.simplydinero.http.CamelHttpTransport.standalone(),
                    dinero.baseUrl() + DineroSimulator.TOKEN_PATH, DineroSimulator.DEMO_CLIENT_ID,
                    DineroSimulator.DEMO_CLIENT_SECRET, DineroSimulator.DEMO_API_KEY, Duration.ofSeconds(5));
            java.net.URI probe = java.net.URI.create(dinero.baseUrl() + "/v1/" + DineroSimulator.DEMO_ORGANIZATION_ID
                    + "/contacts/" + PROBE);
            // Four threads on one budget, so slow or dropped answers do not keep it from spending its share.
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    while (running) {
                        try (dk.simplydinero.dinero.DineroRateLimiter.Permit permit = limiter.acquire()) {
                            http.send(java.net.http.HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5))
                                    .header("Authorization", "Bearer " + tokens.token()).GET().build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding());
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException | java.io.IOException e) {
                            // faults of the simulator hit this program too; it goes on
                        }
                    }
                }, "other-dinero-program-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        /** Requests this program got answered (any answer) so far. */
        static long requests(DineroSimulator dinero) {
            return dinero.requestLog().count(OTHER_PROGRAM);
        }

        @Override
        public void close() {
            running = false;
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public void close() {
        crm.close();
        dinero.close();
    }
}
