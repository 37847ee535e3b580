package dk.simplydinero.dinero;

import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared set-up of the Dinero client tests: properties pointing at a simulator, sample records. */
final class DineroFixtures {

    private DineroFixtures() {
    }

    static DineroSimulator startSimulator() {
        DineroSimulator sim = new DineroSimulator();
        sim.start(0);
        return sim;
    }

    static DineroProperties props(DineroSimulator sim) {
        DineroProperties p = new DineroProperties();
        p.setOrganizationId(DineroSimulator.DEMO_ORGANIZATION_ID);
        p.setApiKey(DineroSimulator.DEMO_API_KEY);
        p.setClientId(DineroSimulator.DEMO_CLIENT_ID);
        p.setClientSecret(DineroSimulator.DEMO_CLIENT_SECRET);
        p.setApiUrl(sim.baseUrl());
        p.setAuthUrl(sim.baseUrl() + DineroSimulator.TOKEN_PATH);
        p.setRequestsPerMinute(100);
        p.setRateWindow(Duration.ofMinutes(1));
        p.setTimeout(Duration.ofSeconds(5));
        return p;
    }

    /** A client with its own limiter (not the JVM-wide registry), so tests do not share budgets. */
    static DineroClient client(DineroSimulator sim, int permits, Duration window) {
        return client(sim, new DineroRateLimiter(permits, window));
    }

    static DineroClient client(DineroSimulator sim, DineroRateLimiter limiter) {
        return new DineroClient(props(sim), limiter).transientBackoff(Duration.ofMillis(20));
    }

    static DineroClient client(DineroSimulator sim) {
        return client(sim, 100, Duration.ofMinutes(1));
    }

    static Map<String, Object> contact(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("CountryKey", "DK");
        m.put("IsPerson", false);
        m.put("IsMember", false);
        m.put("UseCvr", false);
        return m;
    }

    static Map<String, Object> product(String number, String name, Object price, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductNumber", number);
        m.put("Name", name);
        m.put("BaseAmountValue", price);
        m.put("Quantity", 1);
        m.put("AccountNumber", 1000);
        m.put("Unit", unit);
        return m;
    }

    static Map<String, Object> line(String productGuid, Object qty, Object price, Object discount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductGuid", productGuid);
        m.put("Description", "Linje");
        m.put("Quantity", qty);
        m.put("AccountNumber", 1000);
        m.put("Unit", "hours");
        m.put("Discount", discount);
        m.put("BaseAmountValue", price);
        return m;
    }

    static Map<String, Object> invoice(String contactGuid, List<Map<String, Object>> lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ContactGuid", contactGuid);
        m.put("Date", "2026-11-02");
        m.put("Description", "Faktura fra CRM");
        m.put("ExternalReference", "22x101");
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 14);
        m.put("ProductLines", lines);
        return m;
    }

    /** API requests (token calls left out) that the simulator accepted or refused, in arrival order. */
    static List<RequestLog.Entry> apiRequests(DineroSimulator sim) {
        return sim.requestLog().entries().stream().filter(e -> !"token".equals(e.operation())).toList();
    }

    /** The largest number of arrivals (ticker nanoseconds) within any {@code window}-long interval. */
    static int maxInAnyWindow(List<Long> arrivals, Duration window) {
        List<Long> times = arrivals.stream().sorted().toList();
        long windowNanos = window.toNanos();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
