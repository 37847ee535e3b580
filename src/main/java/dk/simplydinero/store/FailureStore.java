package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code sync_failure} table: records a side refused, with that side's reason. One open failure per
 * record and side; a new failure of the same record counts as another attempt. A record that syncs later
 * resolves its failure.
 */
@Component
public class FailureStore {

    /** The width of the name columns (V8). */
    private static final int NAME_MAX = 255;

    private final JdbcClient jdbc;
    /**
     * Per direction and module, the ids with an open failure as the run's retry read found them ({@link #openCrmIds},
     * {@link #openDineroIds}), kept up to date by {@link #record} and the resolves: a record not among them has nothing
     * to resolve, so its sync costs no UPDATE. Absent until that read: a resolve then asks the table.
     */
    private final Map<String, Set<String>> openIds = new ConcurrentHashMap<>();

    public FailureStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which half of the sync a failure belongs to; each half retries its own. */
    public enum Direction { CRM_TO_DINERO, DINERO_TO_CRM;

        String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public void record(Long runId, Direction direction, SyncModule module, String side, String crmId, String dineroId,
                       String code, String message) {
        record(runId, direction, module, side, new Names(crmId, dineroId, null, null), code, message);
    }

    /**
     * The record as the failure list names it: its id and name on each side, each null where not known when it
     * failed. A later failure of the same record without a name keeps the name seen before.
     */
    public record Names(String crmId, String dineroId, String crmName, String dineroName) {
    }

    public void record(Long runId, Direction direction, SyncModule module, String side, Names record, String code,
                       String message) {
        String crmId = record.crmId();
        String dineroId = record.dineroId();
        String crmName = record.crmName() == null ? null : truncate(record.crmName(), NAME_MAX);
        String dineroName = record.dineroName() == null ? null : truncate(record.dineroName(), NAME_MAX);
        Timestamp now = Timestamp.from(Instant.now());
        String text = message == null || message.isBlank() ? "(no reason given)" : truncate(message, 4000);
        // One open failure per record: known by its CRM id, or by its Dinero id when it has none in the CRM yet.
        int updated = jdbc.sql("""
                        UPDATE sync_failure SET run_id = ?, crm_id = COALESCE(?, crm_id), dinero_id = COALESCE(?, dinero_id),
                               crm_name = COALESCE(?, crm_name), dinero_name = COALESCE(?, dinero_name),
                               code = ?, message = ?, attempts = attempts + 1, last_at = ?
                        WHERE module = ? AND side = ? AND direction = ? AND resolved_at IS NULL
                          AND ((CAST(? AS VARCHAR) IS NOT NULL AND crm_id = ?) OR (CAST(? AS VARCHAR) IS NULL AND dinero_id = ?))""")
                .params(runId, crmId, dineroId, crmName, dineroName, code, text, now, module.key(), side,
                        direction.key(), crmId, crmId, crmId, dineroId)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO sync_failure (run_id, direction, module, side, crm_id, dinero_id, crm_name,
                                                      dinero_name, code, message, attempts, first_at, last_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                    .params(runId, direction.key(), module.key(), side, crmId, dineroId, crmName, dineroName, code, text,
                            now, now)
                    .update();
        }
        String id = direction == Direction.CRM_TO_DINERO ? crmId : dineroId;
        if (id != null) {
            openIds.computeIfPresent(openKey(direction, module), (k, ids) -> {
                ids.add(id);
                return ids;
            });
        }
    }

    private static String openKey(Direction direction, SyncModule module) {
        return direction.key() + "/" + module.key();
    }

    /** False when the record is known to have no open failure in that direction (then there is nothing to resolve). */
    private boolean mayBeOpen(Direction direction, SyncModule module, String id) {
        Set<String> known = openIds.get(openKey(direction, module));
        return known == null || known.remove(id);
    }

    private List<String> remembered(Direction direction, SyncModule module, List<String> ids) {
        Set<String> known = ConcurrentHashMap.newKeySet();
        known.addAll(ids);
        openIds.put(openKey(direction, module), known);
        return ids;
    }

    /** The CRM record synced to Dinero: its open failures are over. */
    public void resolve(SyncModule module, String crmId) {
        if (!mayBeOpen(Direction.CRM_TO_DINERO, module, crmId)) {
            return;
        }
        jdbc.sql("UPDATE sync_failure SET resolved_at = ? WHERE module = ? AND crm_id = ? AND direction = 'crm-to-dinero' AND resolved_at IS NULL")
                .params(Timestamp.from(Instant.now()), module.key(), crmId).update();
    }

    /** The Dinero record synced to the CRM: its open failures are over. */
    public void resolveDinero(SyncModule module, String dineroId) {
        if (!mayBeOpen(Direction.DINERO_TO_CRM, module, dineroId)) {
            return;
        }
        jdbc.sql("UPDATE sync_failure SET resolved_at = ? WHERE module = ? AND dinero_id = ? AND direction = 'dinero-to-crm' AND resolved_at IS NULL")
                .params(Timestamp.from(Instant.now()), module.key(), dineroId).update();
    }

    /** CRM ids of the module's open failures: retried on the next run even if the record did not change. */
    public List<String> openCrmIds(SyncModule module) {
        return remembered(Direction.CRM_TO_DINERO, module, jdbc.sql("SELECT crm_id FROM sync_failure WHERE module = ? AND direction = 'crm-to-dinero' AND resolved_at IS NULL AND crm_id IS NOT NULL ORDER BY id")
                .param(module.key()).query(String.class).list());
    }

    /** Dinero ids of the module's open Dinero → CRM failures: retried on the next run. */
    public List<String> openDineroIds(SyncModule module) {
        return remembered(Direction.DINERO_TO_CRM, module, jdbc.sql("SELECT dinero_id FROM sync_failure WHERE module = ? AND direction = 'dinero-to-crm' AND resolved_at IS NULL AND dinero_id IS NOT NULL ORDER BY id")
                .param(module.key()).query(String.class).list());
    }

    /** Open failures, newest first, as {@code GET /api/failures} shows them. */
    public List<Map<String, Object>> open() {
        return jdbc.sql("SELECT * FROM sync_failure WHERE resolved_at IS NULL ORDER BY last_at DESC, id DESC")
                .query(FAILURE).list();
    }

    /** One open failure. */
    public Optional<Map<String, Object>> openFailure(long id) {
        return jdbc.sql("SELECT * FROM sync_failure WHERE id = ? AND resolved_at IS NULL").param(id).query(FAILURE).optional();
    }

    private static final RowMapper<Map<String, Object>> FAILURE = (rs, n) -> {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", rs.getLong("id"));
        f.put("runId", rs.getObject("run_id"));
        f.put("direction", rs.getString("direction"));
        f.put("module", rs.getString("module"));
        f.put("side", rs.getString("side"));
        f.put("crmId", rs.getString("crm_id"));
        f.put("dineroId", rs.getString("dinero_id"));
        f.put("crmName", rs.getString("crm_name"));
        f.put("dineroName", rs.getString("dinero_name"));
        f.put("code", rs.getString("code"));
        f.put("message", rs.getString("message"));
        f.put("attempts", rs.getInt("attempts"));
        f.put("firstAt", rs.getTimestamp("first_at").toInstant().toString());
        f.put("lastAt", rs.getTimestamp("last_at").toInstant().toString());
        return f;
    };

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
