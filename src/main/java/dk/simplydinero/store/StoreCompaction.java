package dk.simplydinero.store;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps H2's own heap bounded over a run of any length. Every commit reaches the file at once (SET WRITE_DELAY 0, for
 * the crash rule), so H2 writes a chunk per commit and runs no background writer, the thread that would otherwise
 * rewrite chunks still partly in use; H2 holds a few hundred bytes of heap per chunk, so a 100,000-record run
 * would hold about 200,000 of them (some 70 MB of a 256 MB heap). Every {@link #EVERY} writes the sparse chunks are
 * rewritten here, as that thread would (a chunk out of use is dropped after H2's retention time, 45 s).
 */
@Component
public class StoreCompaction {

    private static final Logger log = LoggerFactory.getLogger(StoreCompaction.class);

    /** Writes between two rewrites: a few seconds of a run, and the check costs little when nothing is sparse. */
    static final int EVERY = 500;
    /** Chunks less full than this are rewritten (H2's own autoCompactFillRate). */
    private static final int FILL_RATE = 90;
    /** At most this much rewritten per pass. */
    private static final int WRITE_LIMIT = 16 << 20;

    private final DataSource dataSource;
    private final AtomicInteger writes = new AtomicInteger();

    public StoreCompaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A per-record write was committed: every {@link #EVERY}th rewrites the sparse chunks. */
    void wrote() {
        if (writes.incrementAndGet() % EVERY == 0) {
            compact();
        }
    }

    private void compact() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isWrapperFor(JdbcConnection.class)
                    && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
                MVStore store = session.getDatabase().getStore().getMvStore();
                store.compact(FILL_RATE, WRITE_LIMIT);
            }
        } catch (SQLException | RuntimeException e) {
            // only memory is at stake: the sync goes on, and the next pass tries again
            log.warn("Could not compact the store: {}", e.toString());
        }
    }
}
