package dk.simplydinero.dinero;

import dk.simplydinero.model.DineroResource;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DineroPagingTest {

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

    @Test
    void pagingThrough2500ContactsReturnsEachExactlyOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 2500; i++) {
            Map<String, Object> c = DineroFixtures.contact("Kunde " + i);
            c.put("ExternalReference", "11x" + i);
            created.add(sim.putContact(c));
        }

        List<String> streamed = client.stream(DineroResource.CONTACTS, ListQuery.all().fields("ContactGuid", "Name"))
                .map(r -> (String) r.get("ContactGuid")).toList();
        assertThat(streamed).hasSize(2500).doesNotHaveDuplicates();
        assertThat(new HashSet<>(streamed)).isEqualTo(created);
        assertThat(sim.requestLog().countOperation("contacts.list")).isEqualTo(3);

        List<Integer> pageSizes = new ArrayList<>();
        client.forEachPage(DineroResource.CONTACTS, ListQuery.all(), page -> pageSizes.add(page.size()));
        assertThat(pageSizes).containsExactly(1000, 1000, 500);

        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().pageSize(700))).hasSize(2500)
                .extracting(r -> r.get("ContactGuid")).doesNotHaveDuplicates();
    }

    @Test
    void fieldsChooseTheReturnedProperties() {
        sim.putContact(DineroFixtures.contact("Løvens Kaffebar"));
        Map<String, Object> row = client.list(DineroResource.CONTACTS, ListQuery.all().fields("ContactGuid", "Name")).get(0);
        assertThat(row).containsOnlyKeys("ContactGuid", "Name");
    }

    @Test
    void changesSinceReturnsOnlyChangedRecords() {
        Instant t0 = Instant.parse("2026-11-01T08:00:00Z");
        sim.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        List<String> guids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            guids.add(sim.putContact(DineroFixtures.contact("Gammel " + i)));
        }
        sim.setClock(Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        sim.updateRecord(DineroSimulator.CONTACTS, guids.get(1), Map.of("Phone", "20 30 40 50"));
        sim.updateRecord(DineroSimulator.CONTACTS, guids.get(3), Map.of("Email", "ny@firma.dk"));
        String fresh = sim.putContact(DineroFixtures.contact("Ny kunde"));

        List<Map<String, Object>> changed = client.list(DineroResource.CONTACTS,
                ListQuery.all().changesSince(t0.plus(Duration.ofHours(1))));

        assertThat(changed).extracting(r -> r.get("ContactGuid"))
                .containsExactlyInAnyOrder(guids.get(1), guids.get(3), fresh);
        assertThat(sim.requestLog().entries()).anyMatch(e -> "contacts.list".equals(e.operation()));
    }

    @Test
    void queryFilterEqAndContains() {
        sim.putContact(DineroFixtures.contact("Søren Ærbøl"));
        sim.putContact(DineroFixtures.contact("Jørgen Kjær"));
        Map<String, Object> withRef = DineroFixtures.contact("Kærsgaard Rådgivning ApS");
        withRef.put("ExternalReference", "11x42");
        withRef.put("Email", "kontakt@kaersgaard.dk");
        String kærsgaard = sim.putContact(withRef);

        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().eq("ExternalReference", "11x42")))
                .extracting(r -> r.get("ContactGuid")).containsExactly(kærsgaard);
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().contains("Name", "kjær")))
                .extracting(r -> r.get("Name")).containsExactly("Jørgen Kjær");
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().contains("Name", "ær")))
                .hasSize(3);
        assertThat(client.list(DineroResource.CONTACTS,
                ListQuery.all().contains("Name", "ær").eq("Email", "kontakt@kaersgaard.dk")))
                .extracting(r -> r.get("ContactGuid")).containsExactly(kærsgaard);
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().filter("Name+eq+'Søren Ærbøl'")))
                .hasSize(1);
        assertThat(client.findByExternalReference(DineroResource.CONTACTS, "11x42")).get()
                .extracting(r -> r.get("ContactGuid")).isEqualTo(kærsgaard);
        assertThat(client.findByExternalReference(DineroResource.CONTACTS, "11x43")).isEmpty();
    }

    @Test
    void deletedOnlyListsDeletedRecords() {
        String gone = sim.putContact(DineroFixtures.contact("Lukket ApS"));
        sim.putContact(DineroFixtures.contact("Aktiv ApS"));
        client.deleteContact(gone);

        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all()))
                .extracting(r -> r.get("Name")).containsExactly("Aktiv ApS");
        List<Map<String, Object>> deleted = client.list(DineroResource.CONTACTS, ListQuery.all().deletedOnly(true));
        assertThat(deleted).extracting(r -> r.get("ContactGuid")).containsExactly(gone);
        assertThat(deleted.get(0).get("DeletedAt")).isNotNull();
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all()).stream()
                .map(r -> (String) r.get("Name")).collect(Collectors.toSet())).doesNotContain("Lukket ApS");
        // an incremental read also reports the deletion, with DeletedAt set
        List<Map<String, Object>> changes = client.list(DineroResource.CONTACTS,
                ListQuery.all().changesSince(Instant.now().minusSeconds(60)));
        assertThat(changes).filteredOn(r -> gone.equals(r.get("ContactGuid"))).singleElement()
                .satisfies(r -> assertThat(r.get("DeletedAt")).isNotNull());
    }

    @Test
    void aServerCappingPagesLowerThanAskedIsPagedToTheEnd() {
        sim.maxPageSize(300);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 700; i++) {
            created.add(sim.putContact(DineroFixtures.contact("Kunde " + i)));
        }
        List<Integer> pageSizes = new ArrayList<>();
        client.forEachPage(DineroResource.CONTACTS, ListQuery.all(), page -> pageSizes.add(page.size()));
        assertThat(pageSizes).containsExactly(300, 300, 100);
        assertThat(client.stream(DineroResource.CONTACTS, ListQuery.all().pageSize(500))
                .map(r -> (String) r.get("ContactGuid")).toList()).hasSize(700).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(created);
        DineroClient.Page first = client.page(DineroResource.CONTACTS, ListQuery.all(), 0);
        assertThat(first.expectedPageSize()).isEqualTo(300);
        assertThat(first.isLast()).isFalse();
    }

    @Test
    void lookupsSkipDeletedRecordsThatAListIncludes() {
        sim.listsIncludeDeleted(true);
        Map<String, Object> old = DineroFixtures.contact("Gammel ApS");
        old.put("ExternalReference", "11x5");
        String gone = sim.putContact(old);
        sim.deleteRecord(DineroSimulator.CONTACTS, gone);
        // the plain list really carries the deleted record
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().eq("ExternalReference", "11x5")))
                .extracting(r -> r.get("ContactGuid")).containsExactly(gone);
        assertThat(client.findByExternalReference(DineroResource.CONTACTS, "11x5")).isEmpty();
        assertThat(client.findBy(DineroResource.CONTACTS, "ExternalReference", "11x5")).isEmpty();

        Map<String, Object> fresh = DineroFixtures.contact("Ny ApS");
        fresh.put("ExternalReference", "11x5");
        String live = sim.putContact(fresh);
        assertThat(client.findByExternalReference(DineroResource.CONTACTS, "11x5")).get()
                .extracting(r -> r.get("ContactGuid")).isEqualTo(live);

        // the empty-201 fallback of a create finds the new record, not the deleted one with the same reference
        sim.emptyCreateAnswers(true);
        Map<String, Object> product = DineroFixtures.product("P-1", "Timer", 950, "hours");
        product.put("ExternalReference", "14x9");
        String deletedProduct = sim.putProduct(product);
        sim.deleteRecord(DineroSimulator.PRODUCTS, deletedProduct);
        String created = client.createProduct(product);
        assertThat(created).isNotEqualTo(deletedProduct);
        assertThat(sim.getRecord(DineroSimulator.PRODUCTS, created)).containsEntry("DeletedAt", null);

        Map<String, Object> invoice = DineroFixtures.invoice(live, List.of(DineroFixtures.line(null, 1, 100, 0)));
        String deletedInvoice = sim.putInvoice(invoice);
        sim.deleteRecord(DineroSimulator.INVOICES, deletedInvoice);
        DineroClient.InvoiceRef ref = client.createInvoice(invoice);
        assertThat(ref.guid()).isNotEqualTo(deletedInvoice);
        assertThat(ref.timestamp()).isEqualTo(sim.getRecord(DineroSimulator.INVOICES, ref.guid()).get("TimeStamp"));
    }
}
