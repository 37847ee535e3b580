package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PRODUCT.md 7 "Faults": a full two-way sync against simulators that answer 10 % of requests with a 5xx, answer
 * some too slowly (after doing the work: a timeout whose outcome is unknown), drop some connections after doing the
 * work, end the CRM session every 25 calls and Dinero's token every 40, store a share of CRM invoice creates without
 * their lines (vtiger's create is not atomic), describe the CRM's modules as a real vtiger 7 does (names VTQL cannot
 * lex included) and limit Dinero to 100 requests per window, ends in one run in exactly the state a clean run reaches
 * on the same data: no record missing, none duplicated, invoices with all their lines, and then nothing moves.
 */
class FaultToleranceTest {

    private static final int MAX_RUNS = 6;

    @Test
    void aFaultyTwoWaySyncEndsEqualToACleanOne() {
        SimulatedSides clean = seeded(new SimulatedSides());
        SimulatedSides faulty = seeded(new SimulatedSides());
        try {
            List<Map<String, Object>> cleanRuns = syncUntilDone(clean, new ArrayList<>());
            assertThat(cleanRuns).hasSize(1);

            faulty.crm.faults().seed(7).serverErrorShare(0.10).slow(0.03, Duration.ofMillis(1300)).dropShare(0.03);
            faulty.dinero.faults().seed(11).serverErrorShare(0.10).slow(0.03, Duration.ofMillis(1300)).dropShare(0.03);
            faulty.crm.expireSessionsAfterCalls(25);
            faulty.crm.failInvoiceCreateBeforeLines(0.3, 13);
            faulty.dinero.expireTokensAfterCalls(40);
            // Another program on the same Dinero organization takes 95 of each window: with the service's 90, more
            // than Dinero's 100, so the service gets 429s and must wait them out (from 6 requests in a second: the
            // service reads few enough records that 21, with 80 taken, may never happen).
            List<Map<String, Object>> faultyRuns;
            List<String> failureLog = new ArrayList<>();
            try (SimulatedSides.OtherProgram other = faulty.otherProgram(95)) {
                faultyRuns = syncUntilDone(faulty, failureLog);
            }
            String firstFailures = failureLog.isEmpty() ? "none" : failureLog.get(0);
            long serviceRateLimited = faulty.dinero.requestLog().count(
                    SimulatedSides.RATE_LIMITED.and(SimulatedSides.OTHER_PROGRAM.negate()));

            Faults crmFaults = faulty.crm.faults();
            Faults dineroFaults = faulty.dinero.faults();
            long crmLogins = faulty.crm.requestLog().countOperation("login");
            long tokens = faulty.dinero.tokensIssued();
            System.out.printf("Fault test: %d run(s) (%s); injected CRM 5xx %d, slow %d, dropped %d, invoices stored"
                            + " without lines %d, logins %d over %d"
                            + " requests; Dinero 5xx %d, slow %d, dropped %d, tokens %d over %d requests (429 to the service %d,"
                            + " the other program's requests %d)%n",
                    faultyRuns.size(), faultyRuns.stream().map(r -> r.get("status") + "").toList(),
                    crmFaults.serverErrors(), crmFaults.slowAnswers(), crmFaults.drops(),
                    faulty.crm.halfCreatedInvoices(), crmLogins,
                    faulty.crm.requestLog().count(), dineroFaults.serverErrors(), dineroFaults.slowAnswers(),
                    dineroFaults.drops(), tokens, faulty.dinero.requestLog().count(), serviceRateLimited,
                    SimulatedSides.OtherProgram.requests(faulty.dinero));
            assertThat(serviceRateLimited).as("429s answered to the service").isPositive();
            assertThat(crmFaults.serverErrors() + crmFaults.slowAnswers() + crmFaults.drops()).isGreaterThan(15);
            assertThat(dineroFaults.serverErrors() + dineroFaults.slowAnswers() + dineroFaults.drops()).isGreaterThan(15);
            assertThat(crmLogins).as("CRM sessions ended every 25 calls").isGreaterThan(5);
            assertThat(faulty.crm.halfCreatedInvoices()).as("CRM invoices stored without their lines").isPositive();
            assertThat(tokens).as("Dinero tokens ended every 40 calls").isGreaterThan(5);

            Map<String, List<String>> expected = snapshot(clean);
            Map<String, List<String>> actual = snapshot(faulty);
            expected.forEach((kind, records) -> System.out.printf("  %s: clean %d, faulty %d%n", kind, records.size(),
                    actual.get(kind).size()));
            assertThat(actual).isEqualTo(expected);
            assertThat(faultyRuns).as("runs until one succeeded; failures of the first: %s", firstFailures).hasSize(1);
            // Every CRM record is in Dinero once (ExternalReference), none twice.
            for (String type : List.of(DineroSimulator.CONTACTS, DineroSimulator.PRODUCTS, DineroSimulator.INVOICES)) {
                Map<Object, Long> perReference = faulty.liveDinero(type).stream()
                        .filter(r -> r.get("ExternalReference") != null)
                        .collect(Collectors.groupingBy(r -> r.get("ExternalReference"), Collectors.counting()));
                assertThat(perReference.values()).as("Dinero %s per ExternalReference", type).allMatch(n -> n == 1);
            }

            // With the faults still on, a further run finds nothing to write on either side.
            faulty.crm.requestLog().clear();
            faulty.dinero.requestLog().clear();
            try (ConfigurableApplicationContext service = start(faulty)) {
                Map<String, Object> quiet = SimulatedSides.runSync(SimulatedSides.api(service));
                assertThat(quiet.get("status")).as(String.valueOf(quiet)).isEqualTo("succeeded");
            }
            assertThat(faulty.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            assertThat(faulty.crmWrites()).isZero();
        } finally {
            clean.close();
            faulty.close();
        }
    }

    /**
     * Runs until a run succeeds (a record that failed on a fault is retried by the next run); each run that did not
     * succeed adds its failures, as {@code GET /api/failures} answers them, to {@code failures}.
     */
    private static List<Map<String, Object>> syncUntilDone(SimulatedSides sides, List<String> failures) {
        List<Map<String, Object>> runs = new ArrayList<>();
        try (ConfigurableApplicationContext service = start(sides)) {
            ApiClient api = SimulatedSides.api(service);
            while (runs.size() < MAX_RUNS) {
                Map<String, Object> run = SimulatedSides.runSync(api);
                runs.add(run);
                if ("succeeded".equals(run.get("status"))) {
                    return runs;
                }
                String failed = "run " + run.get("id") + " " + run.get("status") + ": " + run.get("message")
                        + "; failures " + api.get("/api/failures").body();
                failures.add(failed);
                System.out.println("Fault test: " + failed);
            }
        }
        throw new AssertionError("no run succeeded in " + MAX_RUNS + ": " + runs);
    }

    private static ConfigurableApplicationContext start(SimulatedSides sides) {
        return sides.startService("--sync.direction=both", "--simplycrm.timeout=1s", "--dinero.timeout=1s",
                "--resilience.initial-backoff=20ms", "--resilience.max-backoff=200ms",
                // The faults above fail 16 % of tries on each side (5xx 10 %, slow 3 %, dropped 3 %). With the default 5
                // tries a call gives up with odds 0.16^5 ≈ 1e-4, and a run makes some 600 calls: about one run in 16
                // would end partial on chance alone (CI met it). 8 tries make that 0.16^8 × 600 ≈ 1 in 4,000, so a
                // second run here means a fault the sync does not handle, which is what this test is for.
                "--resilience.max-attempts=8",
                // A slow answer that outlasts the timeout is a fault too; the breaker must not take 10 % for "down".
                "--resilience.breaker-window=40");
    }

    // ---------------------------------------------------------------------------------------------------- data

    /** Demo data on both sides plus CRM-only records, the same on every call (so two copies can be compared). */
    private static SimulatedSides seeded(SimulatedSides sides) {
        sides.crm.seedDemoData();
        sides.dinero.seedDemoData();
        List<String> organizations = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            organizations.add(sides.crm.put("Accounts", Map.of("accountname", "Fejlfri " + i + " ApS",
                    "bill_city", i % 2 == 0 ? "Odense" : "Vejle", "bill_country", "Denmark", "cf_853", "DK" + (20_000_000 + i),
                    "email1", "firma" + i + "@fejlfri.dk", "assigned_user_id", "")));
        }
        for (int i = 0; i < 30; i++) {
            sides.crm.put("Contacts", Map.of("firstname", "Åse", "lastname", "Fejlfri " + i,
                    "email", "aase" + i + "@fejlfri.dk", "mailingcountry", "Denmark", "assigned_user_id", ""));
        }
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            products.add(sides.crm.put("Products", Map.of("productname", "Reparation " + i, "product_no", "REP-" + i,
                    "unit_price", (200 + 10 * i) + ".00", "usageunit", "Hours", "assigned_user_id", "")));
        }
        for (int i = 0; i < 10; i++) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("subject", "Fejlfri faktura " + i);
            f.put("account_id", organizations.get(i * 2));
            f.put("invoicedate", "2026-11-" + String.format("%02d", 1 + i));
            f.put("duedate", "2026-12-" + String.format("%02d", 1 + i));
            f.put("currency_id", sides.crm.currencyId("DKK"));
            f.put("hdnTaxType", "group");
            f.put("assigned_user_id", "");
            List<Map<String, String>> lines = new ArrayList<>();
            for (int l = 0; l < 1 + i % 3; l++) {
                lines.add(Map.of("productid", products.get((i + l) % products.size()), "quantity", String.valueOf(l + 1),
                        "listprice", (300 + i) + ".00", "discount_percent", "0", "comment", "Linje " + l));
            }
            sides.crm.put("Invoice", f, lines);
        }
        // Dinero-only records, so the CRM gets its share of writes (and of faults).
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            companies.add(sides.dinero.putContact(Map.of("Name", "Regnskab " + i + " I/S", "VatNumber", "DK" + (30_000_000 + i),
                    "Email", "regnskab" + i + "@tal.dk", "City", "Ribe", "CountryKey", "DK", "IsPerson", false,
                    "IsMember", false, "UseCvr", false)));
            sides.dinero.putContact(Map.of("Name", "Ølaf Tal " + i, "Email", "oelaf" + i + "@tal.dk", "City", "Tønder",
                    "CountryKey", "DK", "IsPerson", true, "IsMember", false, "UseCvr", false));
        }
        List<String> dineroProducts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            dineroProducts.add(sides.dinero.putProduct(Map.of("Name", "Revision " + i, "ProductNumber", "REV-" + i,
                    "BaseAmountValue", new BigDecimal(500 + i), "Quantity", 1, "AccountNumber", 1000, "Unit", "hours")));
        }
        for (int i = 0; i < 8; i++) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int l = 0; l < 1 + i % 3; l++) {
                lines.add(Map.of("ProductGuid", dineroProducts.get((i + l) % dineroProducts.size()), "Description",
                        "Revision linje " + l, "Quantity", new BigDecimal(l + 1), "AccountNumber", 1000, "Unit", "hours",
                        "Discount", BigDecimal.ZERO, "LineType", "Product", "BaseAmountValue", new BigDecimal(700 + i)));
            }
            sides.dinero.putInvoice(Map.of("ContactGuid", companies.get(i), "Date", "2026-10-" + String.format("%02d", 1 + i),
                    "Currency", "DKK", "Language", "da-DK", "Description", "Revision " + i, "PaymentConditionType", "Netto",
                    "PaymentConditionNumberOfDays", 14, "ProductLines", lines));
        }
        return sides;
    }

    /**
     * Each side's records in words that do not depend on ids or timing (nor the CRM's own product numbers): the fields the sync owns, references
     * replaced by the name of what they point at, sorted. Equal snapshots: the same records, each as often.
     */
    private static Map<String, List<String>> snapshot(SimulatedSides sides) {
        Map<String, List<String>> s = new LinkedHashMap<>();
        Map<String, Object> accountNames = sides.crm.records("Accounts").stream()
                .collect(Collectors.toMap(r -> r.get("id").toString(), r -> r.get("accountname")));
        Map<String, Object> contactNames = sides.crm.records("Contacts").stream()
                .collect(Collectors.toMap(r -> r.get("id").toString(), r -> r.get("firstname") + " " + r.get("lastname")));
        s.put("CRM organizations", sorted(sides.crm.records("Accounts"), r -> join(r, "accountname", "bill_street",
                "bill_code", "bill_city", "bill_country", "cf_853", "email1", "phone")));
        s.put("CRM contacts", sorted(sides.crm.records("Contacts"), r -> join(r, "firstname", "lastname", "email",
                "phone", "mailingstreet", "mailingcity", "mailingcountry")));
        s.put("CRM products", sorted(sides.crm.records("Products"), r -> join(r, "productname", "usageunit") + "|" + amount(r.get("unit_price"))));
        Map<String, Object> productNames = sides.crm.records("Products").stream()
                .collect(Collectors.toMap(r -> r.get("id").toString(), r -> r.get("productname")));
        s.put("CRM invoices", sorted(sides.crm.records("Invoice"), r -> join(r, "subject", "invoicedate", "duedate",
                "invoicestatus") + "|" + accountNames.get(String.valueOf(r.get("account_id"))) + "|"
                + contactNames.get(String.valueOf(r.get("contact_id"))) + "|" + amount(r.get("received"))
                + "|" + amount(r.get("hdnSubTotal")) + "|" + amount(r.get("hdnGrandTotal"))
                + "|" + crmLines(sides, r, productNames)));
        Map<Object, Object> dineroContactNames = sides.liveDinero(DineroSimulator.CONTACTS).stream()
                .collect(Collectors.toMap(r -> r.get("ContactGuid"), r -> r.get("Name")));
        s.put("Dinero contacts", sorted(sides.liveDinero(DineroSimulator.CONTACTS), r -> join(r, "Name", "IsPerson", "Street",
                "ZipCode", "City", "CountryKey", "Email", "Phone", "VatNumber")));
        s.put("Dinero products", sorted(sides.liveDinero(DineroSimulator.PRODUCTS), r -> join(r, "Name", "ProductNumber",
                "Unit", "AccountNumber") + "|" + amount(r.get("BaseAmountValue"))));
        Map<Object, Object> dineroProductNames = sides.liveDinero(DineroSimulator.PRODUCTS).stream()
                .collect(Collectors.toMap(r -> r.get("ProductGuid"), r -> r.get("Name")));
        s.put("Dinero invoices", sorted(sides.liveDinero(DineroSimulator.INVOICES), r -> join(r, "Description", "Date",
                "Status", "Currency") + "|" + dineroContactNames.get(r.get("ContactGuid")) + "|"
                + amount(r.get("TotalExclVat")) + "|" + amount(r.get("TotalInclVat"))
                + "|" + dineroLines(r, dineroProductNames)));
        return s;
    }

    /** The invoice's lines as the CRM holds them (retrieve): product, quantity, price, discount, comment of each. */
    @SuppressWarnings("unchecked")
    private static String crmLines(SimulatedSides sides, Map<String, Object> invoice, Map<String, Object> productNames) {
        List<Map<String, Object>> lines = (List<Map<String, Object>>) sides.crm.get(invoice.get("id").toString())
                .get("LineItems");
        return lines.size() + " lines " + lines.stream().map(l -> productNames.get(String.valueOf(l.get("productid")))
                + " " + amount(l.get("quantity")) + " x " + amount(l.get("listprice")) + " -" + amount(l.get("discount_percent"))
                + "% " + l.get("comment")).toList();
    }

    /** The invoice's lines as Dinero holds them: product, quantity, price, discount, text of each. */
    private static String dineroLines(Map<String, Object> invoice, Map<Object, Object> productNames) {
        if (!(invoice.get("ProductLines") instanceof List<?> lines)) {
            return "no lines";
        }
        return lines.size() + " lines " + lines.stream().map(o -> (Map<?, ?>) o).map(l -> productNames.get(l.get("ProductGuid"))
                + " " + amount(l.get("Quantity")) + " x " + amount(l.get("BaseAmountValue")) + " -" + amount(l.get("Discount"))
                + "% " + l.get("Description")).toList();
    }

    private static List<String> sorted(List<Map<String, Object>> records, Function<Map<String, Object>, String> describe) {
        return records.stream().map(describe).sorted().toList();
    }

    private static String join(Map<String, Object> record, String... fields) {
        List<String> values = new ArrayList<>();
        for (String f : fields) {
            values.add(record.get(f) == null ? "" : record.get(f).toString());
        }
        return String.join("|", values);
    }

    private static String amount(Object value) {
        if (value == null || value.toString().isBlank()) {
            return "";
        }
        return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
}
