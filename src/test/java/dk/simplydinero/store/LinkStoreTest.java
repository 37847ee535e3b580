package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dinero state a link keeps (issue 10.6): what the next run's list of payment states is compared with. */
@JdbcTest(properties = "spring.datasource.url=jdbc:h2:file:./target/test-db/links-${random.uuid}")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({LinkStore.class, StoreCompaction.class})
class LinkStoreTest {

    @Autowired
    LinkStore links;

    @Test
    void theStateSeenStaysWithTheDineroRecordItWasSeenOn() {
        links.save(new Link(SyncModule.INVOICES, "9x1", "guid-a", "c1", "d1", null, null));
        links.save(new Link(SyncModule.INVOICES, "9x2", "guid-b", "c2", "d2", null, null));
        links.seenDineroState(SyncModule.INVOICES, "guid-a", "Booked");
        links.seenDineroState(SyncModule.INVOICES, "guid-b", "Paid");

        assertThat(links.dineroStates(SyncModule.INVOICES, List.of("Booked", "Overdue"), "Unknown"))
                .isEqualTo(Map.of("guid-a", "Booked"));

        // A later write of the same pair keeps it; the CRM record linked to another Dinero invoice loses it.
        links.save(new Link(SyncModule.INVOICES, "9x1", "guid-a", "c3", "d3", null, null));
        links.save(new Link(SyncModule.INVOICES, "9x2", "guid-c", "c4", "d4", null, null));
        assertThat(links.dineroStates(SyncModule.INVOICES, List.of("Booked", "Paid"), "Unknown"))
                .isEqualTo(Map.of("guid-a", "Booked"));
        // A link whose state was never seen (here: the one moved to guid-c) counts as the state named for it.
        assertThat(links.dineroStates(SyncModule.INVOICES, List.of("Booked", "Unknown"), "Unknown"))
                .isEqualTo(Map.of("guid-a", "Booked", "guid-c", "Unknown"));
        assertThat(links.dineroStates(SyncModule.CONTACTS, List.of("Booked"), "Unknown")).isEmpty();
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * A group of CRM ids is looked up through the index, not by reading every link of the module: the rows H2 reads
     * for 3 ids among 2,000 links (its EXPLAIN ANALYZE scanCount).
     */
    @Test
    void aGroupOfCrmIdsIsLookedUpThroughTheIndex() {
        for (int i = 1; i <= 2000; i++) {
            links.insertNew(new Link(SyncModule.CONTACTS, "12x" + i, "guid-" + i, "c", "d", null, null));
        }
        links.insertNew(new Link(SyncModule.ORGANIZATIONS, "11x7", "guid-org", "c", "d", null, null));
        List<String> ids = List.of("12x7", "12x1500", "12x9999");

        assertThat(links.linkedCrmIds(SyncModule.CONTACTS, ids)).containsExactlyInAnyOrder("12x7", "12x1500");
        String plan = jdbc.sql("EXPLAIN ANALYZE " + LinkStore.LINKED_CRM_IDS).param("module", "contacts")
                .param("ids", ids).query(String.class).single();
        java.util.regex.Matcher scanned = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertThat(scanned.find()).as(plan).isTrue();
        assertThat(Integer.parseInt(scanned.group(1))).as("rows read for 3 ids among 2,000 links: " + plan)
                .isLessThanOrEqualTo(10);
    }

    @Test
    void aGroupOfDineroIdsIsLookedUpThroughTheIndex() {
        for (int i = 1; i <= 2000; i++) {
            links.insertNew(new Link(SyncModule.CONTACTS, "12x" + i, "guid-" + i, "c", "d" + i, null, null));
        }
        links.insertNew(new Link(SyncModule.ORGANIZATIONS, "11x7", "guid-7", "c", "org", null, null));
        List<String> ids = List.of("guid-7", "guid-1500", "guid-9999");

        assertThat(links.byDineroIds(SyncModule.CONTACTS, ids)).containsOnlyKeys("guid-7", "guid-1500")
                .hasEntrySatisfying("guid-7", link -> assertThat(link.crmId() + " " + link.dineroHash())
                        .isEqualTo("12x7 d7"));
        String plan = jdbc.sql("EXPLAIN ANALYZE " + LinkStore.LINKS_BY_DINERO_IDS).param("module", "contacts")
                .param("ids", ids).query(String.class).single();
        java.util.regex.Matcher scanned = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
        assertThat(scanned.find()).as(plan).isTrue();
        assertThat(Integer.parseInt(scanned.group(1))).as("rows read for 3 ids among 2,000 links: " + plan)
                .isLessThanOrEqualTo(10);
    }
}
