package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sync_pending_create} table: a create we are about to send, written before the call and removed once
 * its link is stored. One left behind means the process stopped (or the answer was lost) between the two: the
 * record may exist on the target, so it is looked up by its marker before it is created again.
 */
@Component
public class PendingCreateStore {

    /** An uncertain create: what identifies the record on the target, and when we started to create it. */
    public record Pending(SyncModule module, String side, String sourceId, String marker, Instant startedAt) {
    }

    private final JdbcClient jdbc;

    public PendingCreateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param side     where the record is being created: {@code crm} or {@code dinero}
     * @param sourceId its id on the other side
     * @param marker   what identifies it on the target (ExternalReference, natural key)
     */
    public void begin(SyncModule module, String side, String sourceId, String marker) {
        jdbc.sql("MERGE INTO sync_pending_create (module, side, source_id, marker, created_at) KEY (module, side, source_id)"
                        + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")
                .params(module.key(), side, sourceId, marker).update();
    }

    /**
     * Stores the intent ({@link #begin}) unless the record has one left already (an earlier create's, which stays as
     * it was): that one is answered. One statement for the usual case (no intent left), not a lookup first.
     */
    public Optional<Pending> beginUnlessLeft(SyncModule module, String side, String sourceId, String marker) {
        try {
            jdbc.sql("INSERT INTO sync_pending_create (module, side, source_id, marker, created_at)"
                            + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")
                    .params(module.key(), side, sourceId, marker).update();
            return Optional.empty();
        } catch (DuplicateKeyException left) {
            return find(module, side, sourceId);
        }
    }

    public Optional<Pending> find(SyncModule module, String side, String sourceId) {
        return jdbc.sql("SELECT module, side, source_id, marker, created_at FROM sync_pending_create"
                        + " WHERE module = ? AND side = ? AND source_id = ?")
                .params(module.key(), side, sourceId).query(PendingCreateStore::pending).optional();
    }

    /** Those of {@code sourceIds} whose create on {@code side} is uncertain: one query for a group of records. */
    public java.util.Set<String> uncertainIds(SyncModule module, String side, java.util.Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("SELECT source_id FROM sync_pending_create"
                        + " WHERE module = :module AND side = :side AND source_id IN (:ids)")
                .param("module", module.key()).param("side", side).param("ids", sourceIds).query(String.class).list());
    }

    /** Every create left uncertain, oldest first. */
    public List<Pending> all() {
        return jdbc.sql("SELECT module, side, source_id, marker, created_at FROM sync_pending_create ORDER BY id")
                .query(PendingCreateStore::pending).list();
    }

    private static Pending pending(ResultSet rs, int row) throws SQLException {
        return new Pending(SyncModule.valueOf(rs.getString(1).toUpperCase()), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant());
    }

    public void done(SyncModule module, String side, String sourceId) {
        jdbc.sql("DELETE FROM sync_pending_create WHERE module = ? AND side = ? AND source_id = ?")
                .params(module.key(), side, sourceId).update();
    }
}
