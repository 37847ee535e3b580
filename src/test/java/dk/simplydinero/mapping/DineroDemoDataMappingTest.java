package dk.simplydinero.mapping;

import dk.simplydinero.organizations.DineroCompanyMapping;
import dk.simplydinero.contacts.DineroPersonMapping;
import dk.simplydinero.products.DineroProductMapping;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.dinero.DineroRateLimiter;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record of the Dinero simulator's demo data, read through the Dinero client, maps to the CRM. */
@Timeout(60)
class DineroDemoDataMappingTest {

    private static DineroSimulator sim;
    private static DineroClient dinero;

    @BeforeAll
    static void start() {
        sim = new DineroSimulator();
        sim.start(0);
        sim.seedDemoData();
        DineroProperties p = new DineroProperties();
        p.setOrganizationId(DineroSimulator.DEMO_ORGANIZATION_ID);
        p.setApiKey(DineroSimulator.DEMO_API_KEY);
        p.setClientId(DineroSimulator.DEMO_CLIENT_ID);
        p.setClientSecret(DineroSimulator.DEMO_CLIENT_SECRET);
        p.setApiUrl(sim.baseUrl());
        p.setAuthUrl(sim.baseUrl() + DineroSimulator.TOKEN_PATH);
        p.setTimeout(Duration.ofSeconds(5));
        dinero = new DineroClient(p, new DineroRateLimiter(100, Duration.ofMinutes(1)));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static List<Map<String, Object>> all(DineroResource type) {
        return dinero.stream(type, ListQuery.all()).toList();
    }

    @Test
    void everyDemoContactMapsByItsKind() {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField("cf_853");
        DineroCompanyMapping companies = new DineroCompanyMapping(crm);
        DineroPersonMapping persons = new DineroPersonMapping();
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> row : all(DineroResource.CONTACTS)) {
            Map<String, Object> contact = dinero.getContact((String) row.get("ContactGuid"));
            Map<String, Object> out = Boolean.TRUE.equals(contact.get("IsPerson"))
                    ? persons.map(contact) : companies.map(contact);
            assertThat(out.values()).doesNotContainNull().allMatch(v -> v instanceof String);
            byName.put((String) contact.get("Name"), out);
        }
        assertThat(byName).hasSize(9);
        assertThat(byName.get("Kærsgaard Rådgivning ApS")).containsEntry("bill_street", "Vesterbrogade 88, 2. tv")
                .containsEntry("bill_city", "København V").containsEntry("bill_country", "Denmark")
                .containsEntry("cf_853", "40391827").containsEntry("website", "").containsEntry("phone", "");
        assertThat(byName.get("Børge Lund")).containsEntry("firstname", "Børge").containsEntry("lastname", "Lund")
                .containsEntry("mailingstreet", "Støvringparken 10, st. th").containsEntry("email", "");
        assertThat(byName.get("Jørgen Kjær")).containsEntry("email", "").containsEntry("phone", "24 68 10 12");
    }

    @Test
    void everyDemoProductMaps() {
        DineroProductMapping products = new DineroProductMapping();
        Map<String, Map<String, Object>> byNumber = new HashMap<>();
        for (Map<String, Object> row : all(DineroResource.PRODUCTS)) {
            Map<String, Object> product = dinero.getProduct((String) row.get("ProductGuid"));
            byNumber.put(products.productNo(product).orElseThrow(), products.map(product));
        }
        assertThat(byNumber).hasSize(6);
        assertThat(byNumber.get("T-220")).containsEntry("productname", "Egetræsplanke 28 mm")
                .containsEntry("unit_price", "189.95").containsEntry("usageunit", "M");
        assertThat(byNumber.get("K-001")).containsEntry("unit_price", "3.79").containsEntry("usageunit", "Pieces");
        assertThat(byNumber.get("P-100")).containsEntry("unit_price", "950").containsEntry("usageunit", "Hours");
    }

    @Test
    void everyDemoInvoiceMapsWithStatusAndMoney() {
        DineroInvoiceMapping invoices = new DineroInvoiceMapping(new SyncProperties(), new SimplyCrmProperties(),
                (module, dineroId) -> Optional.of("crm-" + dineroId), iso -> Optional.of("21x1"));
        Map<String, Map<String, Object>> bySubject = new HashMap<>();
        for (Map<String, Object> row : all(DineroResource.INVOICES)) {
            String guid = (String) row.get("Guid");
            Map<String, Object> invoice = dinero.getInvoice(guid);
            boolean booked = "Booked".equals(invoice.get("Status"));
            Map<String, Object> out = invoices.map(invoice, booked ? dinero.listPayments(guid) : null);
            // The list row (Status carries the payment state there) gives the same CRM status.
            Map<String, Object> listed = new HashMap<>(invoice);
            listed.remove("PaymentStatus");
            listed.put("Status", row.get("Status"));
            assertThat(invoices.map(listed).get("invoicestatus")).isEqualTo(out.get("invoicestatus"));
            bySubject.put((String) out.get("subject"), out);
        }
        assertThat(bySubject).hasSize(7);
        // paid in two payments: 10,000 on account and the rest
        assertThat(bySubject.get("Tømrerarbejde, Østergade")).containsEntry("invoicestatus", "Paid")
                .containsEntry("received", "17519.49").containsEntry("balance", "0");
        // credited by a booked credit note; its money and status as Dinero's invoice shows them (unpaid)
        assertThat(bySubject.get("Kaffebønner til kaffebaren")).containsEntry("invoicestatus", "Approved")
                .containsEntry("received", "0").containsEntry("balance", "2175");
        assertThat(bySubject.get("Faktura")).containsEntry("invoicestatus", "Approved").containsEntry("received", "0");
        assertThat(bySubject.get("Serviceaftale januar–marts")).containsEntry("invoicestatus", "Paid")
                .containsEntry("received", "4750").containsEntry("balance", "-250");
        assertThat(bySubject.get("Drivhusreparation")).containsEntry("invoicestatus", "Approved")
                .containsEntry("received", "1000");
        Map<String, Object> workshop = bySubject.get("Strategiworkshop");
        assertThat(workshop).containsEntry("invoicestatus", "Created").containsEntry("received", "0")
                .containsEntry("balance", "8906.25");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) workshop.get("LineItems");
        assertThat(lines).singleElement().satisfies(l -> assertThat(l).containsEntry("quantity", "7.5")
                .containsEntry("comment", "Workshop, forberedelse og afholdelse\nInkl. materialer og forplejning"));
        assertThat(bySubject.get("Ekstra timer")).containsEntry("invoicestatus", "Created");
    }
}
