package dk.simplydinero.store;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store is a real H2 file database whose schema comes from the Flyway migrations. */
@JdbcTest(properties = "spring.datasource.url=jdbc:h2:file:./target/test-db/store-${random.uuid}")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(RunStore.class)
class StoreMigrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RunStore runs;

    @Test
    void migrationsCreateTheTablesLaterIssuesNeed() {
        List<String> tables = jdbc.sql("SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC'")
                .query(String.class).list();
        assertThat(tables).contains("sync_link", "sync_pending_create", "sync_cursor", "sync_run", "sync_run_module",
                "sync_failure", "flyway_schema_history");
    }

    @Test
    void aCrmRecordIsLinkedOncePerModule() {
        String insert = "INSERT INTO sync_link (module, crm_id, dinero_id, created_at, updated_at) "
                + "VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
        jdbc.sql(insert).params("contacts", "31x7", "guid-1").update();
        jdbc.sql(insert).params("organizations", "31x7", "guid-2").update();

        assertThatThrownBy(() -> jdbc.sql(insert).params("contacts", "31x7", "guid-3").update())
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params("contacts", "31x8", "guid-1").update())
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void lastRunIsTheNewestRun() {
        assertThat(runs.lastRun()).isEmpty();
        String insert = "INSERT INTO sync_run (trigger_type, status, direction, started_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
        jdbc.sql(insert).params("schedule", "succeeded", "crm-to-dinero").update();
        jdbc.sql(insert).params("manual", "running", "crm-to-dinero").update();

        Map<String, Object> last = runs.lastRun().orElseThrow();
        assertThat(last).containsEntry("trigger", "manual").containsEntry("status", "running");
        assertThat(runs.count()).isEqualTo(2);
    }
}
