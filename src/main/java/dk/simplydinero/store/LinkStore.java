package dk.simplydinero.store;

import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code sync_link} table: which CRM record is which Dinero record, and what was last written. */
@Component
public class LinkStore {

    /** A link's columns, read by position ({@link #ROW}): a lookup by column name costs more than the lookup by key. */
    private static final String COLUMNS = "SELECT module, crm_id, dinero_id, crm_hash, dinero_hash, crm_modified_time,"
            + " dinero_timestamp FROM sync_link";
    private static final RowMapper<Link> ROW = (rs, n) -> new Link(SyncModule.valueOf(rs.getString(1).toUpperCase()),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));

    private final JdbcClient jdbc;
    private final StoreCompaction compaction;

    public LinkStore(JdbcClient jdbc, StoreCompaction compaction) {
        this.jdbc = jdbc;
        this.compaction = compaction;
    }

    public Optional<Link> byCrmId(SyncModule module, String crmId) {
        return jdbc.sql(COLUMNS + " WHERE module = ? AND crm_id = ?")
                .params(module.key(), crmId).query(ROW).optional();
    }

    /** When the link of this CRM record was last written (a sync created, updated or found it equal), UTC. */
    public Optional<String> syncedAt(SyncModule module, String crmId) {
        return jdbc.sql("SELECT updated_at FROM sync_link WHERE module = ? AND crm_id = ?")
                .params(module.key(), crmId).query(String.class).optional();
    }

    public Optional<Link> byDineroId(SyncModule module, String dineroId) {
        return jdbc.sql(COLUMNS + " WHERE module = ? AND dinero_id = ?")
                .params(module.key(), dineroId).query(ROW).optional();
    }

    /** The links of a group of Dinero ids (through the index on dinero_id first: migration V15). */
    static final String LINKS_BY_DINERO_IDS = COLUMNS + " WHERE module = :module AND dinero_id IN (:ids)";

    /** The links of those of {@code dineroIds} that are linked, by Dinero id: one query for a group of records. */
    public Map<String, Link> byDineroIds(SyncModule module, Collection<String> dineroIds) {
        Map<String, Link> out = new java.util.HashMap<>();
        if (!dineroIds.isEmpty()) {
            jdbc.sql(LINKS_BY_DINERO_IDS).param("module", module.key()).param("ids", dineroIds).query(ROW).list()
                    .forEach(link -> out.put(link.dineroId(), link));
        }
        return out;
    }

    /**
     * Whether a CRM record of any module whose records live in {@code resource} is linked to this Dinero record
     * (organizations and contacts are both Dinero contacts): such a record is never linked twice.
     */
    public boolean linksDineroRecord(DineroResource resource, String dineroId) {
        return java.util.Arrays.stream(SyncModule.values()).filter(m -> m.dineroResource() == resource)
                .anyMatch(m -> byDineroId(m, dineroId).isPresent());
    }

    /**
     * Inserts or replaces the link of {@code link.crmId()}. The Dinero state seen ({@link #seenDineroState}) is kept
     * while the link stays with the same Dinero record.
     */
    public void save(Link link) {
        int updated = jdbc.sql("""
                        UPDATE sync_link SET dinero_state = CASE WHEN dinero_id = ? THEN dinero_state END,
                               dinero_id = ?, crm_hash = ?, dinero_hash = ?, crm_modified_time = ?,
                               dinero_timestamp = ?, updated_at = CURRENT_TIMESTAMP
                        WHERE module = ? AND crm_id = ?""")
                .params(link.dineroId(), link.dineroId(), link.crmHash(), link.dineroHash(), link.crmModifiedTime(),
                        link.dineroTimestamp(), link.module().key(), link.crmId())
                .update();
        if (updated == 0) {
            insertNew(link);
        } else {
            compaction.wrote();
        }
    }

    /**
     * Stores the link of a CRM record that has none: a create's (the CRM just made the record, or the write found it
     * unlinked under its lock and created it in Dinero). One INSERT, without {@link #save}'s UPDATE first; a link
     * there after all is a unique-key failure, not overwritten.
     */
    public void insertNew(Link link) {
        jdbc.sql("""
                        INSERT INTO sync_link (module, crm_id, dinero_id, crm_hash, dinero_hash, crm_modified_time,
                                               dinero_timestamp, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
                .params(link.module().key(), link.crmId(), link.dineroId(), link.crmHash(), link.dineroHash(),
                        link.crmModifiedTime(), link.dineroTimestamp())
                .update();
        compaction.wrote();
    }

    /** Every link of {@code module}: Dinero id → CRM id. */
    public Map<String, String> crmIdsByDineroId(SyncModule module) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("SELECT dinero_id, crm_id FROM sync_link WHERE module = ? ORDER BY crm_id").params(module.key())
                .query((rs, n) -> Map.entry(rs.getString("dinero_id"), rs.getString("crm_id"))).list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** The state the linked Dinero record was in when we last saw it (invoices: the payment state). */
    public void seenDineroState(SyncModule module, String dineroId, String state) {
        jdbc.sql("UPDATE sync_link SET dinero_state = ? WHERE module = ? AND dinero_id = ?")
                .params(state, module.key(), dineroId).update();
    }

    /** The state the linked Dinero record was last seen in ({@link #seenDineroState}); empty when never seen. */
    public Optional<String> dineroState(SyncModule module, String dineroId) {
        return jdbc.sql("SELECT dinero_state FROM sync_link WHERE module = ? AND dinero_id = ?")
                .params(module.key(), dineroId).query(String.class).optional();
    }

    /** Those of a group of CRM ids that are linked (through the index on crm_id first: migration V11). */
    static final String LINKED_CRM_IDS = "SELECT crm_id FROM sync_link WHERE module = :module AND crm_id IN (:ids)";

    /** Those of {@code crmIds} that are linked: one query for a group of records. */
    public java.util.Set<String> linkedCrmIds(SyncModule module, Collection<String> crmIds) {
        if (crmIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql(LINKED_CRM_IDS)
                .param("module", module.key()).param("ids", crmIds).query(String.class).list());
    }

    /**
     * The linked Dinero records last seen in one of {@code states}: Dinero id → that state; a link whose state was
     * never seen (made before states were kept, or by a write that saw none) counts as {@code unseen}.
     */
    public Map<String, String> dineroStates(SyncModule module, Collection<String> states, String unseen) {
        Map<String, String> out = new LinkedHashMap<>();
        if (states.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT dinero_id, COALESCE(dinero_state, :unseen) AS dinero_state FROM sync_link
                        WHERE module = :module AND COALESCE(dinero_state, :unseen) IN (:states)""")
                .param("module", module.key()).param("states", states).param("unseen", unseen)
                .query((rs, n) -> Map.entry(rs.getString("dinero_id"), rs.getString("dinero_state"))).list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
