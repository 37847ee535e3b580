package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.RuntimeEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call to Simply CRM and Dinero is a Camel exchange on a camel-http endpoint, one route per side: after a sync
 * Hawtio's views (the routes' JMX counters, the endpoint list, the runtime endpoint statistics) show the CRM, Dinero
 * and Dinero token endpoints with as many exchanges as the simulators received requests, camel-micrometer has timed
 * them, and no endpoint URI or MBean name holds a secret (keys, session names, tokens).
 */
@SimulatedService(properties = "sandbox.sync-at-start=false")
class ApiCallsAreCamelEndpointsTest {

    static SimulatedSides sides;
    /** Dinero access tokens: 64 hex characters in the simulator. */
    static final Pattern TOKEN = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");

    @Autowired
    CamelContext camel;
    @Autowired
    Environment env;
    @Autowired
    MeterRegistry meters;

    @Test
    void everyCallIsCountedOnItsSidesEndpointAndNoEndpointUriHoldsASecret(ApiClient api) throws Exception {
        for (int i = 0; i < 3; i++) {
            sides.crm.put("Accounts", CrmRecordsInDinero.organization(i));
            sides.crm.put("Contacts", CrmRecordsInDinero.contact(i));
        }
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        Map<String, Long> before = exchanges(managed);
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();

        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(sides.dinero.records(DineroSimulator.DEMO_ORGANIZATION_ID, "contacts")).hasSize(6);

        // The routes' counters (Hawtio's route list): one exchange per request each simulator received.
        Map<String, Long> after = exchanges(managed);
        RequestLog dinero = sides.dinero.requestLog();
        assertThat(after.get("crm-http") - before.get("crm-http")).as("CRM requests")
                .isEqualTo(sides.crm.requestLog().count()).isPositive();
        assertThat(after.get("dinero-http") - before.get("dinero-http")).as("Dinero API requests")
                .isEqualTo(dinero.count(SimulatedSides.TOKEN.negate())).isPositive();
        assertThat(after.get("dinero-token-http") - before.get("dinero-token-http")).as("Dinero token requests")
                .isEqualTo(dinero.count(SimulatedSides.TOKEN));

        // The endpoints (Hawtio's endpoint list), each with the route that sends to it and its hits (Hawtio's
        // endpoint statistics).
        String crmUrl = sides.crm.baseUrl() + "/webservice.php";
        String dineroUrl = sides.dinero.baseUrl();
        String tokenUrl = sides.dinero.baseUrl() + DineroSimulator.TOKEN_PATH;
        List<String> httpEndpoints = camel.getEndpoints().stream().filter(HttpEndpoint.class::isInstance)
                .map(e -> e.getEndpointUri().substring(0, e.getEndpointUri().indexOf('?'))).sorted().toList();
        assertThat(httpEndpoints).containsExactlyInAnyOrder(crmUrl, dineroUrl, tokenUrl);
        Map<String, Long> hits = new TreeMap<>();
        for (RuntimeEndpointRegistry.Statistic s : camel.getRuntimeEndpointRegistry().getEndpointStatistics()) {
            if (s.getDirection().equals("out") && s.getUri().startsWith("http")) {
                hits.merge(s.getRouteId() + " " + s.getUri().substring(0, s.getUri().indexOf('?')), s.getHits(), Long::sum);
            }
        }
        assertThat(hits).containsOnlyKeys("crm-http " + crmUrl, "dinero-http " + dineroUrl,
                "dinero-token-http " + tokenUrl);
        assertThat(hits.get("crm-http " + crmUrl)).isEqualTo(after.get("crm-http"));
        assertThat(hits.get("dinero-http " + dineroUrl)).isEqualTo(after.get("dinero-http"));

        // camel-micrometer's route policy timed every exchange of the three routes.
        for (String route : List.of("crm-http", "dinero-http", "dinero-token-http")) {
            long timed = meters.getMeters().stream()
                    .filter(m -> m instanceof Timer && route.equals(m.getId().getTag("routeId")))
                    .mapToLong(m -> ((Timer) m).count()).max().orElse(0);
            assertThat(timed).as("exchanges of " + route + " timed").isEqualTo(after.get(route));
        }

        // No secret in any endpoint URI, nor in any name Camel registers in JMX (what Hawtio lists).
        List<String> secrets = new ArrayList<>(sides.crm.sessionNames());
        assertThat(secrets).as("CRM sessions seen").isNotEmpty();
        for (String key : List.of("simplycrm.access-key", "dinero.api-key", "dinero.client-secret")) {
            secrets.add(env.getRequiredProperty(key));
        }
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<String> names = jmx.queryNames(new ObjectName("org.apache.camel:*"), null).stream()
                .map(ObjectName::toString).collect(Collectors.toSet());
        assertThat(names).anyMatch(n -> n.contains("type=endpoints") && n.contains(crmUrl.substring("http://".length())));
        List<String> uris = new ArrayList<>(camel.getEndpoints().stream().map(Endpoint::getEndpointUri).toList());
        uris.addAll(names);
        for (String uri : uris) {
            assertThat(uri).doesNotContainIgnoringCase("sessionName").doesNotContainIgnoringCase("accessKey")
                    .doesNotContainIgnoringCase("Bearer").doesNotContainPattern(TOKEN);
            for (String secret : secrets) {
                assertThat(uri).doesNotContain(secret);
            }
        }
    }

    private static Map<String, Long> exchanges(ManagedCamelContext managed) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String route : List.of("crm-http", "dinero-http", "dinero-token-http")) {
            var r = managed.getManagedRoute(route);
            counts.put(route, r == null ? 0L : r.getExchangesTotal());
        }
        return counts;
    }
}
