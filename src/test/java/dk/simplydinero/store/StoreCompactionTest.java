package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's own memory stays bounded over a long run (issue 13, 100,000 records at -Xmx256m): every commit reaches
 * the file at once (SET WRITE_DELAY 0), which makes H2 write a chunk per commit and stops its background writer, the
 * one that would rewrite chunks still partly in use; H2 keeps a few hundred bytes of heap per chunk it holds, so
 * without a rewrite a run of N records held about 2 N chunks. Counted with H2's own figure (info.CHUNK_COUNT).
 */
@JdbcTest(properties = {"spring.datasource.url=jdbc:h2:file:./target/test-db/compaction-${random.uuid}",
        "spring.datasource.hikari.connection-init-sql=SET WRITE_DELAY 0"})
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({LinkStore.class, StoreCompaction.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class StoreCompactionTest {

    @Autowired
    LinkStore links;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sixThousandLinksLeaveAFewChunksNotOnePerCommit() {
        // A chunk out of use is dropped at once here; in a run it is after H2's 45 s, the same count a minute on.
        jdbc.sql("SET RETENTION_TIME 0").update();
        Random random = new Random(13);
        for (int i = 1; i <= 6000; i++) {
            // Dinero's ids are GUIDs: new links land all over the index, so older chunks stay partly in use
            String guid = new UUID(random.nextLong(), random.nextLong()).toString();
            links.save(new Link(SyncModule.CONTACTS, "12x" + i, guid, "c" + i, "d" + i, null, null));
        }

        assertThat(chunks()).as("H2 chunks held after 6000 links, each its own commit").isLessThan(300);
    }

    private long chunks() {
        return Long.parseLong(jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME = 'info.CHUNK_COUNT'").query(String.class).single());
    }
}
