package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How each record type names a record on each side, as the failure list shows it. */
class RecordNamesTest {

    private final RecordTypes types = TestRecordTypes.withVatField("");

    @Test
    void theCrmNameIsTheTypesNameFieldsWithAValue() {
        assertThat(types.of(SyncModule.CONTACTS).crmName(Map.of("lastname", "Hansen", "firstname", "Jens")))
                .isEqualTo("Hansen, Jens");
        assertThat(types.of(SyncModule.CONTACTS).crmName(Map.of("lastname", "Hansen", "firstname", " ")))
                .isEqualTo("Hansen");
        assertThat(types.of(SyncModule.ORGANIZATIONS).crmName(Map.of("accountname", "Fanø Bolcher ApS")))
                .isEqualTo("Fanø Bolcher ApS");
        assertThat(types.of(SyncModule.PRODUCTS).crmName(Map.of("productname", "Salt 250 g"))).isEqualTo("Salt 250 g");
        assertThat(types.of(SyncModule.INVOICES).crmName(Map.of("subject", "Salt til julemarked")))
                .isEqualTo("Salt til julemarked");
        assertThat(types.of(SyncModule.ORGANIZATIONS).crmName(Map.of("accountname", ""))).as("no name").isNull();
    }

    @Test
    void theDineroNameIsTheNameOrAnInvoicesNumberAndCustomer() {
        assertThat(types.of(SyncModule.CONTACTS).dineroName(Map.of("Name", "Jens Hansen"))).isEqualTo("Jens Hansen");
        assertThat(types.of(SyncModule.PRODUCTS).dineroName(Map.of("Name", "Salt 250 g"))).isEqualTo("Salt 250 g");
        assertThat(types.of(SyncModule.INVOICES).dineroName(Map.of("Number", 1042, "ContactName", "Fanø Bolcher ApS")))
                .isEqualTo("1042, Fanø Bolcher ApS");
        // A draft's Number is Long.MAX_VALUE ("no number yet"): not a name.
        assertThat(types.of(SyncModule.INVOICES).dineroName(Map.of("Number", Long.MAX_VALUE,
                "ContactName", "Fanø Bolcher ApS"))).isEqualTo("Fanø Bolcher ApS");
        Map<String, Object> mapped = new HashMap<>();
        mapped.put("ContactGuid", "5f1c");
        mapped.put("Number", null);
        assertThat(types.of(SyncModule.INVOICES).dineroName(mapped)).as("a mapped draft names nothing").isNull();
    }
}
