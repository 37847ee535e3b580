package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The {@code sync_cursor} table: how far each side of each module has been read. */
@Component
public class CursorStore {

    /** CRM and DINERO: how far each side was read; MAPPING: the hash of the module's mapping rules they were read by. */
    public enum Side { CRM, DINERO, MAPPING }

    private final JdbcClient jdbc;

    public CursorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(SyncModule module, Side side) {
        return get(module.key(), side);
    }

    /** As above, for a feed that is no record type (e.g. Dinero's credit notes, {@code creditnotes}). */
    public Optional<String> get(String module, Side side) {
        return jdbc.sql("SELECT position FROM sync_cursor WHERE module = ? AND side = ?")
                .params(module, side.name().toLowerCase()).query(String.class).optional();
    }

    /**
     * The module is read in full again on both sides at the next run: from the start of both change feeds, and each
     * record whole. The links forget the versions (CRM modifiedtime, Dinero UpdatedAt) that spare a record seen in a
     * feed again its full read: a record read again because the mapping changed must be compared as it now maps. An
     * invoice's TimeStamp left by our write stays while its Dinero side is only expected (Fingerprints.expected): it
     * is what tells an edit of it.
     */
    public void reset(SyncModule module) {
        jdbc.sql("DELETE FROM sync_cursor WHERE module = ? AND side IN ('crm', 'dinero')").params(module.key()).update();
        jdbc.sql("""
                        UPDATE sync_link SET crm_modified_time = NULL,
                               dinero_timestamp = CASE WHEN dinero_hash LIKE '~%' THEN dinero_timestamp END
                        WHERE module = ?""").params(module.key()).update();
    }

    public void put(SyncModule module, Side side, String position) {
        put(module.key(), side, position);
    }

    public void put(String module, Side side, String position) {
        jdbc.sql("MERGE INTO sync_cursor (module, side, position, updated_at) KEY (module, side) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")
                .params(module, side.name().toLowerCase(), position).update();
    }
}
