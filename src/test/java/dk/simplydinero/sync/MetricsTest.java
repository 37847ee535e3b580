package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator scrapes from {@code /actuator/prometheus} (issue 12, part 3), against both simulators with
 * {@code sync.direction=both}: after a run, the records counted per module, direction and action are the run's
 * counts as {@code GET /api/runs/{id}} tells them; the failures are the test's own refused record; the API requests
 * counted per side are the requests each simulator received, and a 429 of Dinero shows with its status. The scrape
 * needs the API user's login and shows no secret; the Grafana dashboard in the repository uses only names it shows.
 */
// No background status check between a scrape and the request logs it is compared with.
@SimulatedService(properties = {"sync.direction=both", "sync.modules=organizations,contacts,products",
        "sandbox.sync-at-start=false", "status.check-interval=1000d"})
// Spring Boot's tests export no metrics unless asked: the service as shipped does.
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    static SimulatedSides sides;

    @Autowired
    Environment service;

    /** The finished runs of this class, in order (the counters add up over all of them). */
    static final List<Map<String, Object>> runs = new ArrayList<>();

    static String nameless;

    @BeforeAll
    static void seed() {
        // Two organizations and a product in the CRM; one organization has no name, so the mapping refuses it.
        sides.crm.put("Accounts", Map.of("accountname", "Læsø Saltsyderi ApS", "assigned_user_id", ""));
        nameless = sides.crm.put("Accounts", Map.of("accountname", "", "bill_city", "Læsø", "assigned_user_id", ""));
        sides.crm.put("Products", Map.of("productname", "Salt 250 g", "unit_price", "65", "assigned_user_id", ""));
        // A company and a person in Dinero.
        sides.dinero.putContact(Map.of("Name", "Bøgelund Tømrer A/S", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false, "VatNumber", "DK22223333"));
        sides.dinero.putContact(Map.of("Name", "Karen Ærbø", "Email", "karen@aeroe.dk", "CountryKey", "DK",
                "IsPerson", true, "IsMember", false, "UseCvr", false));
        assertThat(sides.crm.requestLog().count() + sides.dinero.requestLog().count())
                .as("seeding sent no request").isZero();
    }

    @Test
    @Order(1)
    void aRunsCountsAndEveryApiRequestShowInTheScrapeBehindTheLogin(ApiClient api) throws IOException {
        Map<String, Object> run = SimulatedSides.runSync(api);
        runs.add(run);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("partial");

        ApiClient.Answer anonymous = ApiClient.anonymous(port()).get("/actuator/prometheus");
        // Refused: 401 for a script (or the login form's redirect, should the browser login answer it).
        assertThat(anonymous.status()).as("a scrape without the login").isIn(401, 302);
        assertThat(anonymous.body()).doesNotContain("simplydinero_");
        Scrape scrape = scrape(api);
        // What an operator sees, kept for a reader of the build.
        Files.writeString(Path.of("target/metrics-scrape.txt"), scrape.text);

        // Per module and action: the run's counts, whichever direction the records went.
        for (String module : List.of("organizations", "contacts", "products")) {
            for (String action : List.of("created", "updated", "unchanged", "skipped", "failed")) {
                assertThat(scrape.sum("simplydinero_records_synced_total", "module", module, "action", action))
                        .as("%s %s", module, action).isEqualTo(runCounts(module, action));
            }
        }
        // Per direction, from this test's data: one organization each way, the person from Dinero, the product from
        // the CRM, the nameless organization refused on its way to Dinero.
        assertThat(scrape.sum("simplydinero_records_synced_total", "module", "organizations",
                "direction", "crm-to-dinero", "action", "created")).isEqualTo(1);
        assertThat(scrape.sum("simplydinero_records_synced_total", "module", "organizations",
                "direction", "dinero-to-crm", "action", "created")).isEqualTo(1);
        assertThat(scrape.sum("simplydinero_records_synced_total", "module", "contacts",
                "direction", "dinero-to-crm", "action", "created")).isEqualTo(1);
        assertThat(scrape.sum("simplydinero_records_synced_total", "module", "products",
                "direction", "crm-to-dinero", "action", "created")).isEqualTo(1);
        assertThat(scrape.sum("simplydinero_records_synced_total", "module", "organizations",
                "direction", "crm-to-dinero", "action", "failed")).isEqualTo(1);
        JsonNode failures = api.get("/api/failures").json();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.get("crmId").asText()).isEqualTo(nameless);
            assertThat(f.get("side").asText()).isEqualTo("crm");
        });
        assertThat(scrape.sum("simplydinero_record_failures_total", "module", "organizations", "side", "crm"))
                .isEqualTo(1);
        assertThat(scrape.sum("simplydinero_record_failures_total")).as("no other failure").isEqualTo(1);

        // Every request each simulator received, counted once, by side.
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "crm"))
                .isEqualTo(sides.crm.requestLog().count());
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "dinero"))
                .isEqualTo(sides.dinero.requestLog().count());
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "crm", "endpoint", "login", "status", "200"))
                .isEqualTo(sides.crm.requestLog().count(e -> e.operation().equals("login") && e.status() == 200));
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "dinero", "status", "429")).isZero();
        // Endpoints are the operations, never a record's id.
        assertThat(scrape.labelValues("simplydinero_api_requests_total", "endpoint"))
                .allSatisfy(endpoint -> assertThat(endpoint).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}")
                        .doesNotContainPattern("\\d+x\\d+").doesNotContain(
                                dk.simplydinero.sandbox.dinero.DineroSimulator.DEMO_ORGANIZATION_ID));

        // The run's duration and end: one run timed with its status; the last success is none yet (it was partial).
        assertThat(scrape.sum("simplydinero_run_duration_seconds_count", "status", "partial")).isEqualTo(1);
        assertThat(scrape.sum("simplydinero_last_success_time_seconds")).isZero();
        // Dinero's budget: at most the client's share (90 per window).
        assertThat(scrape.sum("simplydinero_dinero_budget_limit")).isEqualTo(90);
        assertThat(scrape.sum("simplydinero_dinero_budget_used")).isBetween(0.0, 90.0);

        // Camel's per-route timings stay; its timer per exchange and endpoint is off (a record makes several
        // exchanges: its cost showed in the pipeline's profile, docs/bench-profile.md, and no panel reads it).
        assertThat(scrape.text).contains("camel_route_policy_seconds_count").doesNotContain("camel_exchange_event_notifier");
        assertNoSecretIn(scrape.text);
    }

    @Test
    @Order(2)
    void aSuccessfulRunSetsTheLastSuccessTime(ApiClient api) {
        sides.crm.change(nameless, Map.of("accountname", "Læsø Havn"));

        Map<String, Object> run = SimulatedSides.runSync(api);
        runs.add(run);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        Scrape scrape = scrape(api);

        assertThat(scrape.sum("simplydinero_run_duration_seconds_count")).isEqualTo(2);
        assertThat(scrape.sum("simplydinero_run_duration_seconds_count", "status", "succeeded")).isEqualTo(1);
        long endedAt = Instant.parse(run.get("endedAt").toString()).getEpochSecond();
        assertThat((long) Math.floor(scrape.sum("simplydinero_last_success_time_seconds"))).isEqualTo(endedAt);
        for (String module : List.of("organizations", "contacts", "products")) {
            for (String action : List.of("created", "updated", "unchanged", "skipped", "failed")) {
                assertThat(scrape.sum("simplydinero_records_synced_total", "module", module, "action", action))
                        .as("%s %s over both runs", module, action).isEqualTo(runCounts(module, action));
            }
        }
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "crm"))
                .isEqualTo(sides.crm.requestLog().count());
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "dinero"))
                .isEqualTo(sides.dinero.requestLog().count());
        assertNoSecretIn(scrape.text);
    }

    @Test
    @Order(3)
    void aRateLimitedDineroRequestShowsWithStatus429(ApiClient api) {
        // Dinero refuses every request for the next 30 s, longer than the client waits: the run ends at once.
        sides.dinero.rateLimit(0, Duration.ofMinutes(1)).fixedRetryAfter("30");
        sides.crm.change(nameless, Map.of("bill_city", "Byrum"));
        try {
            Map<String, Object> run = SimulatedSides.runSync(api);
            runs.add(run);
            assertThat(run.get("status")).as(String.valueOf(run)).isNotEqualTo("succeeded");
        } finally {
            sides.dinero.rateLimit(100, Duration.ofSeconds(1)).fixedRetryAfter(null);
        }
        Scrape scrape = scrape(api);

        long refused = sides.dinero.requestLog().count(e -> e.status() == 429);
        assertThat(refused).as("Dinero answered 429").isPositive();
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "dinero", "status", "429")).isEqualTo(refused);
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "dinero"))
                .isEqualTo(sides.dinero.requestLog().count());
        assertThat(scrape.sum("simplydinero_api_requests_total", "side", "crm"))
                .isEqualTo(sides.crm.requestLog().count());
        assertThat(scrape.sum("simplydinero_run_duration_seconds_count")).isEqualTo(3);
        for (String module : List.of("organizations", "contacts", "products")) {
            assertThat(scrape.sum("simplydinero_records_synced_total", "module", module, "action", "failed"))
                    .as("%s failed over all runs", module).isEqualTo(runCounts(module, "failed"));
        }
        assertThat(scrape.sum("simplydinero_record_failures_total"))
                .as("failures over all runs").isEqualTo(runCountsAll("failed"));
        assertNoSecretIn(scrape.text);
    }

    /** Every metric name the Grafana dashboard uses is in a scrape of the service. */
    @Test
    @Order(4)
    void theDashboardUsesOnlyNamesTheServiceShows(ApiClient api) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/grafana/sync.json").toFile());
        Set<String> names = new LinkedHashSet<>();
        collectMetricNames(dashboard, names);
        assertThat(names).as("the dashboard's metric names").contains("simplydinero_records_synced_total",
                "simplydinero_record_failures_total", "simplydinero_api_requests_total",
                "simplydinero_dinero_budget_used", "simplydinero_dinero_budget_limit",
                "simplydinero_run_duration_seconds_count", "simplydinero_last_success_time_seconds");
        Scrape scrape = scrape(api);
        assertThat(scrape.names()).containsAll(names);
    }

    private static void collectMetricNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    Matcher m = Pattern.compile("\\bsimplydinero_[a-z_]+").matcher(e.getValue().asText());
                    while (m.find()) {
                        names.add(m.group());
                    }
                } else {
                    collectMetricNames(e.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectMetricNames(child, names));
        }
    }

    private int port() {
        return service.getRequiredProperty("local.server.port", Integer.class);
    }

    /** The module's count of {@code action} in the runs of this class so far, as {@code GET /api/runs/{id}} said. */
    @SuppressWarnings("unchecked")
    private static long runCounts(String module, String action) {
        long sum = 0;
        for (Map<String, Object> run : runs) {
            Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) run.get("modules")).get(module);
            if (counts != null) {
                sum += ((Number) counts.get(action)).longValue();
            }
        }
        return sum;
    }

    private static long runCountsAll(String action) {
        return List.of("organizations", "contacts", "products").stream().mapToLong(m -> runCounts(m, action)).sum();
    }

    private void assertNoSecretIn(String text) {
        List<String> secrets = new ArrayList<>(List.of(service.getRequiredProperty("simplycrm.access-key"),
                service.getRequiredProperty("dinero.api-key"), service.getRequiredProperty("dinero.client-secret"),
                Base64.getEncoder().encodeToString((service.getRequiredProperty("spring.security.user.name") + ":"
                        + service.getRequiredProperty("spring.security.user.password")).getBytes(StandardCharsets.UTF_8))));
        secrets.addAll(sides.crm.sessionNames());
        for (String secret : secrets) {
            assertThat(text).as("the scrape shows no secret").doesNotContain(secret);
        }
    }

    private static Scrape scrape(ApiClient api) {
        ApiClient.Answer answer = api.get("/actuator/prometheus");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new Scrape(answer.body());
    }

    /** The Prometheus text format, read as a user's PromQL {@code sum(name{label="value", …})} would. */
    record Scrape(String text) {
        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        record Sample(String name, Map<String, String> labels, double value) {
        }

        List<Sample> samples() {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line.trim());
                assertThat(m.matches()).as("a sample line: %s", line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
            return samples;
        }

        Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            samples().forEach(s -> names.add(s.name()));
            return names;
        }

        /** The sum of {@code name}'s samples whose labels have the given values (pairs of label and value). */
        double sum(String name, String... labelValues) {
            double sum = 0;
            for (Sample s : samples()) {
                if (s.name().equals(name) && matches(s.labels(), labelValues)) {
                    sum += s.value();
                }
            }
            return sum;
        }

        Set<String> labelValues(String name, String label) {
            Set<String> values = new LinkedHashSet<>();
            samples().stream().filter(s -> s.name().equals(name)).forEach(s -> values.add(s.labels().get(label)));
            return values;
        }

        private static boolean matches(Map<String, String> labels, String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
