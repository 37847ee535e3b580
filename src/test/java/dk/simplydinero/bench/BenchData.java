package dk.simplydinero.bench;

import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.CrmRecordsInDinero;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's records, put into a simulator as its users would (the simulators' own helpers, no requests logged).
 * CRM records are the end-to-end tests' ones ({@link CrmRecordsInDinero}); Dinero's are made here, drafts only (a
 * booked invoice's payments would add a read each that the request minimum does not count).
 */
final class BenchData {

    /** The ids of what was put, per module, in order. */
    record Seeded(List<String> organizations, List<String> contacts, List<String> products, List<String> invoices) {
        static Seeded none() {
            return new Seeded(List.of(), List.of(), List.of(), List.of());
        }
    }

    /** Units of Dinero products, a few of the ones Dinero knows. */
    private static final String[] UNITS = {"hours", "parts", "km", "box", "metre", "package"};

    private BenchData() {
    }

    /**
     * Puts {@code n} records into the CRM, numbered from {@code first} (distinct names for two sets in one CRM). Their
     * modified times lie in the past, seven per second, as records entered over time would: a change feed pages by
     * modified time, and a whole CRM in one second is not what it meets.
     */
    static Seeded seedCrm(CrmSimulator crm, Counts n, int first) {
        return seedCrm(crm, n, first, Instant.now().minus(Duration.ofDays(1)).minusSeconds(seconds(n)));
    }

    /**
     * The same with modified times from {@code start} on: a later batch into a CRM a service has read already must lie
     * after the first batch's times, or the change feed's cursor has passed it.
     */
    static Seeded seedCrm(CrmSimulator crm, Counts n, int first, Instant start) {
        int[] made = {0};
        Runnable tick = () -> crm.setClock(Clock.fixed(start.plusSeconds(made[0]++ / 7), ZoneOffset.UTC));
        Seeded s = new Seeded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try {
            for (int i = 0; i < n.organizations(); i++) {
                tick.run();
                s.organizations().add(crm.put("Accounts", CrmRecordsInDinero.organization(first + i)));
            }
            for (int i = 0; i < n.contacts(); i++) {
                tick.run();
                s.contacts().add(crm.put("Contacts", CrmRecordsInDinero.contact(first + i)));
            }
            for (int i = 0; i < n.products(); i++) {
                tick.run();
                s.products().add(crm.put("Products", CrmRecordsInDinero.product(first + i)));
            }
            String dkk = crm.currencyId("DKK");
            for (int i = 0; i < n.invoices(); i++) {
                tick.run();
                // the tests' invoice i has a date in November: day 1 to 28 over and over, its own subject
                Map<String, String> invoice = CrmRecordsInDinero.invoice(i % 28,
                        s.organizations().get(i % s.organizations().size()), dkk);
                invoice.put("subject", "Faktura " + (first + i) + " – tømrerarbejde");
                s.invoices().add(crm.put("Invoice", invoice, CrmRecordsInDinero.invoiceLines(i, s.products())));
            }
        } finally {
            crm.setClock(Clock.systemUTC());
        }
        return s;
    }

    /** The seconds {@link #seedCrm} spreads {@code n} records' modified times over. */
    static long seconds(Counts n) {
        return n.total() / 7 + 1;
    }

    /** Puts {@code n} records into Dinero, numbered from {@code first}; invoices are drafts on the companies. */
    static Seeded seedDinero(DineroSimulator dinero, Counts n, int first) {
        Seeded s = new Seeded(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n.organizations(); i++) {
            s.organizations().add(dinero.putContact(contact(first + i, false)));
        }
        for (int i = 0; i < n.contacts(); i++) {
            s.contacts().add(dinero.putContact(contact(first + i, true)));
        }
        for (int i = 0; i < n.products(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ProductNumber", "D-" + (first + i));
            p.put("Name", "Produkt " + (first + i) + " – økologisk");
            p.put("BaseAmountValue", new BigDecimal(100 + i % 900 + ".50"));
            p.put("Quantity", 1);
            p.put("AccountNumber", 1000);
            p.put("Unit", UNITS[i % UNITS.length]);
            p.put("Comment", null);
            s.products().add(dinero.putProduct(p));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < n.invoices(); i++) {
            Map<String, Object> inv = new LinkedHashMap<>();
            inv.put("ContactGuid", s.organizations().get(i % s.organizations().size()));
            inv.put("Date", today.minusDays(i % 60).toString());
            inv.put("Currency", "DKK");
            inv.put("Language", "da-DK");
            inv.put("Description", "Faktura " + (first + i) + " – tømrerarbejde");
            inv.put("PaymentConditionType", "Netto");
            inv.put("PaymentConditionNumberOfDays", 14);
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int l = 0; l < 1 + i % 3; l++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("ProductGuid", s.products().get((i + l) % s.products().size()));
                line.put("Description", "Linje " + (l + 1) + " æøå");
                line.put("Quantity", new BigDecimal(l + 1));
                line.put("AccountNumber", 1000);
                line.put("Unit", "parts");
                line.put("Discount", BigDecimal.ZERO);
                line.put("LineType", "Product");
                line.put("BaseAmountValue", new BigDecimal(200 + i % 500 + ".25"));
                lines.add(line);
            }
            inv.put("ProductLines", lines);
            s.invoices().add(dinero.putInvoice(inv));
        }
        return s;
    }

    private static Map<String, Object> contact(int i, boolean person) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", person ? "Søren Ølgaard " + i : "Virksomhed " + i + " A/S");
        m.put("Street", "Åvej " + i);
        m.put("ZipCode", String.valueOf(1000 + i % 8000));
        m.put("City", i % 2 == 0 ? "Århus" : "Køge");
        m.put("CountryKey", "DK");
        m.put("Phone", "+45 70 00 " + String.format("%02d", i % 100) + " 00");
        m.put("Email", (person ? "person" : "info") + i + "@eksempel.dk");
        m.put("Webpage", person ? null : "https://firma" + i + ".dk");
        m.put("VatNumber", "");
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", person ? 8 : 14);
        m.put("IsPerson", person);
        m.put("IsMember", false);
        m.put("UseCvr", false);
        return m;
    }

    /** A few edits of what a user changes between runs: two contacts' phone numbers and a product's price. */
    static Counts editCrm(CrmSimulator crm, Seeded s) {
        crm.change(s.contacts().get(0), Map.of("phone", "+45 33 33 33 01"));
        crm.change(s.contacts().get(1), Map.of("phone", "+45 33 33 33 02"));
        crm.change(s.products().get(0), Map.of("unit_price", "999.75"));
        return new Counts(0, 2, 1, 0);
    }

    /** {@link #editCrm} in Dinero. */
    static Counts editDinero(DineroSimulator dinero, Seeded s) {
        dinero.updateRecord(DineroSimulator.CONTACTS, s.contacts().get(0), Map.of("Phone", "+45 33 33 33 01"));
        dinero.updateRecord(DineroSimulator.CONTACTS, s.contacts().get(1), Map.of("Phone", "+45 33 33 33 02"));
        dinero.updateRecord(DineroSimulator.PRODUCTS, s.products().get(0), Map.of("BaseAmountValue", new BigDecimal("999.75")));
        return new Counts(0, 2, 1, 0);
    }
}
