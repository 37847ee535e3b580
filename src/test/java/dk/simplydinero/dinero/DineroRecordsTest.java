package dk.simplydinero.dinero;

import dk.simplydinero.model.DineroResource;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class DineroRecordsTest {

    private DineroSimulator sim;
    private DineroClient client;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
        client = DineroFixtures.client(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static BigDecimal dec(Object number) {
        return new BigDecimal(number.toString());
    }

    @ParameterizedTest(name = "empty 201 answers: {0}")
    @ValueSource(booleans = {false, true})
    void contactCreateReadAndFullReplacePutClearsOmittedFields(boolean emptyCreateAnswers) {
        sim.emptyCreateAnswers(emptyCreateAnswers);
        Map<String, Object> c = DineroFixtures.contact("Nordisk Træ & Tømrer ApS");
        c.put("Street", "Østergade 12");
        c.put("ZipCode", "8000");
        c.put("City", "Aarhus C");
        c.put("Email", "bogholderi@nordisktrae.dk");
        c.put("Webpage", "www.nordisktrae.dk");
        c.put("VatNumber", "29403473");
        c.put("ExternalReference", "11x7");
        String guid = client.createContact(c);

        Map<String, Object> read = client.getContact(guid);
        assertThat(read).containsEntry("Name", "Nordisk Træ & Tømrer ApS").containsEntry("City", "Aarhus C")
                .containsEntry("ExternalReference", "11x7").containsEntry("IsPerson", false);
        assertThat((String) read.get("UpdatedAt")).doesNotEndWith("Z").doesNotContain("+");

        Map<String, Object> onlyName = DineroFixtures.contact("Nordisk Træ ApS");
        client.updateContact(guid, onlyName);

        Map<String, Object> stored = sim.getRecord(DineroSimulator.CONTACTS, guid);
        assertThat(stored).containsEntry("Name", "Nordisk Træ ApS");
        for (String cleared : List.of("Street", "ZipCode", "City", "Email", "Webpage", "VatNumber", "ExternalReference")) {
            assertThat((String) stored.get(cleared)).as(cleared).isNullOrEmpty();
        }

        // the safe way: read, change, send everything back
        Map<String, Object> full = new LinkedHashMap<>(client.getContact(guid));
        full.put("City", "Aarhus N");
        full.put("ExternalReference", "11x7");
        client.updateContact(guid, full);
        assertThat(sim.getRecord(DineroSimulator.CONTACTS, guid)).containsEntry("City", "Aarhus N")
                .containsEntry("ExternalReference", "11x7").containsEntry("Name", "Nordisk Træ ApS");
    }

    @Test
    void validationErrorsNameTheField() {
        Map<String, Object> noCountry = DineroFixtures.contact("Uden Land ApS");
        noCountry.remove("CountryKey");
        assertThatThrownBy(() -> client.createContact(noCountry))
                .isInstanceOf(DineroException.Validation.class)
                .satisfies(e -> {
                    DineroException d = (DineroException) e;
                    assertThat(d.httpStatus()).isEqualTo(400);
                    assertThat(d.code()).isEqualTo(42);
                    assertThat(d.validationErrors()).containsKey("CountryKey");
                    assertThat(d.getMessage()).contains("CountryKey");
                });

        Map<String, Object> longRef = DineroFixtures.contact("Lang Reference A/S");
        longRef.put("ExternalReference", "x".repeat(129));
        assertThatThrownBy(() -> client.createContact(longRef))
                .isInstanceOf(DineroException.Validation.class)
                .satisfies(e -> assertThat(((DineroException) e).validationErrors()).containsKey("ExternalReference"));

        Map<String, Object> badCountry = DineroFixtures.contact("Danmark A/S");
        badCountry.put("CountryKey", "Danmark");
        assertThatThrownBy(() -> client.createContact(badCountry))
                .satisfies(e -> assertThat(((DineroException) e).validationErrors()).containsKey("CountryKey"));

        assertThatThrownBy(() -> client.createProduct(DineroFixtures.product("P-1", "Timer", 950, "stk")))
                .isInstanceOf(DineroException.Validation.class)
                .satisfies(e -> assertThat(((DineroException) e).validationErrors()).containsKey("Unit"));
        assertThat(sim.records(DineroSimulator.CONTACTS)).isEmpty();
        assertThat(sim.records(DineroSimulator.PRODUCTS)).isEmpty();
    }

    @Test
    void unknownRecordIsAnHtml404AndDeletedRecordIsNotFoundToo() {
        assertThatThrownBy(() -> client.getContact("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(DineroException.NotFound.class)
                .satisfies(e -> assertThat(((DineroException) e).httpStatus()).isEqualTo(404));
        assertThat(client.find(DineroResource.PRODUCTS, "00000000-0000-0000-0000-000000000001")).isEmpty();

        String guid = client.createProduct(DineroFixtures.product("K-001", "Kørsel", new BigDecimal("3.79"), "km"));
        client.deleteProduct(guid);
        assertThatThrownBy(() -> client.getProduct(guid))
                .isInstanceOf(DineroException.NotFound.class)
                .satisfies(e -> assertThat(((DineroException.NotFound) e).isDeleted()).isTrue());
        assertThat(sim.getRecord(DineroSimulator.PRODUCTS, guid).get("DeletedAt")).isNotNull();
    }

    @ParameterizedTest(name = "empty 201 answers: {0}")
    @ValueSource(booleans = {false, true})
    void productFullReplaceAndAmounts(boolean emptyCreateAnswers) {
        sim.emptyCreateAnswers(emptyCreateAnswers);
        Map<String, Object> plank = DineroFixtures.product("T-220", "Egetræsplanke", new BigDecimal("189.95"), "metre");
        plank.put("ExternalReference", "14x220");
        String guid = client.createProduct(plank);
        Map<String, Object> read = client.getProduct(guid);
        assertThat(read).containsEntry("ProductNumber", "T-220").containsEntry("Unit", "metre");
        assertThat(dec(read.get("BaseAmountValue"))).isEqualByComparingTo("189.95");

        Map<String, Object> changed = DineroFixtures.product(null, "Egetræsplanke", 199, "metre");
        changed.remove("ProductNumber");
        client.updateProduct(guid, changed);
        assertThat((String) sim.getRecord(DineroSimulator.PRODUCTS, guid).get("ProductNumber")).isNullOrEmpty();
    }

    @ParameterizedTest(name = "empty 201 answers: {0}")
    @ValueSource(booleans = {false, true})
    void invoiceDraftStaleTimestampBookAndPayments(boolean emptyCreateAnswers) {
        sim.emptyCreateAnswers(emptyCreateAnswers);
        Map<String, Object> gartneri = DineroFixtures.contact("Bøgh Økologisk Gartneri I/S");
        gartneri.put("ExternalReference", "11x31");
        String contact = client.createContact(gartneri);
        Map<String, Object> hour = DineroFixtures.product("P-100", "Konsulenttime", 950, "hours");
        hour.put("ExternalReference", "14x100");
        String product = client.createProduct(hour);
        Map<String, Object> invoice = DineroFixtures.invoice(contact, List.of(
                DineroFixtures.line(product, 2, 950, 0),
                DineroFixtures.line(product, 1, 1000, 10)));

        DineroClient.InvoiceRef ref = client.createInvoice(invoice);
        Map<String, Object> draft = client.getInvoice(ref.guid());
        assertThat(draft).containsEntry("Status", "Draft").containsEntry("PaymentStatus", "Draft");
        assertThat(DineroClient.timestampOf(draft)).isEqualTo(ref.timestamp());
        assertThat(dec(draft.get("TotalExclVat"))).isEqualByComparingTo("2800");
        assertThat(dec(draft.get("TotalVat"))).isEqualByComparingTo("700");
        assertThat(dec(draft.get("TotalInclVat"))).isEqualByComparingTo("3500");

        // a draft in a list has no number yet: Long.MAX_VALUE
        Map<String, Object> row = client.list(DineroResource.INVOICES, ListQuery.all().eq("ExternalReference", "22x101")).get(0);
        assertThat(((Number) row.get("Number")).longValue()).isEqualTo(Long.MAX_VALUE);

        // someone else changes the draft: our timestamp is stale
        sim.updateRecord(DineroSimulator.INVOICES, ref.guid(), Map.of("Comment", "Ændret i Dinero"));
        Map<String, Object> ours = new LinkedHashMap<>(invoice);
        ours.put("Description", "Faktura (rettet)");
        assertThatThrownBy(() -> client.updateInvoice(ref.guid(), ours, ref.timestamp()))
                .isInstanceOf(DineroException.StaleTimestamp.class)
                .satisfies(e -> assertThat(((DineroException) e).code()).isEqualTo(58));
        String current = DineroClient.timestampOf(client.getInvoice(ref.guid()));
        String afterUpdate = client.updateInvoice(ref.guid(), ours, current);
        assertThat(afterUpdate).isNotNull().isNotEqualTo(current);
        assertThat(sim.getRecord(DineroSimulator.INVOICES, ref.guid())).containsEntry("Description", "Faktura (rettet)");

        Map<String, Object> booked = client.bookInvoice(ref.guid(), afterUpdate, null);
        assertThat(((Number) booked.get("Number")).longValue()).isPositive();
        Map<String, Object> read = client.getInvoice(ref.guid());
        assertThat(read).containsEntry("Status", "Booked");

        // booked is final
        String ts = DineroClient.timestampOf(read);
        assertThatThrownBy(() -> client.updateInvoice(ref.guid(), ours, ts)).isInstanceOf(DineroException.Validation.class);
        assertThatThrownBy(() -> client.deleteInvoice(ref.guid())).isInstanceOf(DineroException.Validation.class);

        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("DepositAccountNumber", 55000);
        payment.put("PaymentDate", "2026-11-20");
        payment.put("Description", "Indbetaling");
        payment.put("Amount", new BigDecimal("1500"));
        client.createPayment(ref.guid(), ts, payment);
        Map<String, Object> payments = client.listPayments(ref.guid());
        assertThat((List<?>) payments.get("Payments")).hasSize(1);
        assertThat(dec(payments.get("PaidAmount"))).isEqualByComparingTo("1500");
        assertThat(dec(payments.get("RemainingAmount"))).isEqualByComparingTo("2000");

        Map<String, Object> rest = new LinkedHashMap<>(payment);
        rest.put("Amount", 2000);
        client.createPayment(ref.guid(), DineroClient.timestampOf(client.getInvoice(ref.guid())), rest);
        assertThat(client.getInvoice(ref.guid())).containsEntry("PaymentStatus", "Paid");
    }

    @Test
    void draftCanBeDeletedAndPaymentsNeedABookedInvoice() {
        String contact = sim.putContact(DineroFixtures.contact("Løvens Kaffebar"));
        DineroClient.InvoiceRef ref = client.createInvoice(DineroFixtures.invoice(contact,
                List.of(DineroFixtures.line(null, 1, 100, 0))));
        Map<String, Object> payment = Map.of("DepositAccountNumber", 55000, "PaymentDate", "2026-11-20", "Amount", 125);
        assertThatThrownBy(() -> client.createPayment(ref.guid(), ref.timestamp(), payment))
                .isInstanceOf(DineroException.Validation.class);
        client.deleteInvoice(ref.guid());
        assertThatThrownBy(() -> client.getInvoice(ref.guid())).isInstanceOf(DineroException.NotFound.class);
    }

    @Test
    void seededDemoDataHasEveryInvoiceState() {
        sim.seedDemoData();
        List<Map<String, Object>> invoices = client.list(DineroResource.INVOICES,
                ListQuery.all().fields("Guid", "Number", "Status", "PaymentStatus", "TimeStamp"));
        assertThat(invoices).extracting(r -> r.get("PaymentStatus"))
                .contains("Draft", "Booked", "Paid", "OverPaid", "Overdue");
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().eq("IsPerson", true)))
                .extracting(r -> r.get("Name")).contains("Børge Lund", "Åse Møller");
        assertThat(client.list(DineroResource.PRODUCTS, ListQuery.all())).extracting(r -> r.get("Unit"))
                .contains("hours", "km", "metre");
    }

    @Test
    void emptyCreateAnswersAreResolvedByExternalReference() {
        sim.emptyCreateAnswers(true);
        Map<String, Object> c = DineroFixtures.contact("Kærsgaard Rådgivning ApS");
        c.put("ExternalReference", "11x99");
        String guid = client.createContact(c);
        assertThat(sim.getRecord(DineroSimulator.CONTACTS, guid)).containsEntry("ExternalReference", "11x99");

        DineroClient.InvoiceRef ref = client.createInvoice(DineroFixtures.invoice(guid,
                List.of(DineroFixtures.line(null, 1, 100, 0))));
        assertThat(ref.timestamp()).isEqualTo(sim.getRecord(DineroSimulator.INVOICES, ref.guid()).get("TimeStamp"));
        assertThat(sim.requestLog().countOperation("contacts.create")).isEqualTo(1);
        assertThat(sim.requestLog().countOperation("invoices.create")).isEqualTo(1);
    }
}
