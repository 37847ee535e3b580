package dk.simplydinero.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run history in {@code sync_run} / {@code sync_run_module}, as the REST API shows it. */
@Component
public class RunStore {

    /** Counts of one module in one run. */
    public record ModuleCounts(int created, int updated, int unchanged, int skipped, int failed, int processed) {

        /** As the REST API shows a module's counts. */
        public Map<String, Object> asMap() {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("created", created);
            counts.put("updated", updated);
            counts.put("unchanged", unchanged);
            counts.put("skipped", skipped);
            counts.put("failed", failed);
            counts.put("processed", processed);
            return counts;
        }
    }

    private static final RowMapper<Map<String, Object>> RUN = (rs, n) -> {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", rs.getLong("id"));
        run.put("trigger", rs.getString("trigger_type"));
        run.put("status", rs.getString("status"));
        run.put("direction", rs.getString("direction"));
        run.put("startedAt", instant(rs.getTimestamp("started_at")));
        run.put("endedAt", instant(rs.getTimestamp("ended_at")));
        run.put("message", rs.getString("message"));
        return run;
    };

    private final JdbcClient jdbc;

    public RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new run as {@code running}; returns its id. */
    public long insert(String trigger, String direction) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO sync_run (trigger_type, status, direction, started_at) VALUES (?, 'running', ?, ?)")
                .params(trigger, direction, Timestamp.from(Instant.now()))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** {@code total}: the records the module was to handle, null when not known. */
    public void saveModule(long runId, String module, ModuleCounts counts, Integer total) {
        jdbc.sql("""
                        MERGE INTO sync_run_module (run_id, module, created, updated, unchanged, skipped, failed, processed,
                                                    total)
                        KEY (run_id, module) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(runId, module, counts.created(), counts.updated(), counts.unchanged(), counts.skipped(),
                        counts.failed(), counts.processed(), total)
                .update();
    }

    /** Ends the run; returns the end time stored. */
    public Instant finish(long runId, String status, String message) {
        Timestamp endedAt = Timestamp.from(Instant.now());
        jdbc.sql("UPDATE sync_run SET status = ?, ended_at = ?, message = ? WHERE id = ?")
                .params(status, endedAt, message, runId).update();
        return endedAt.toInstant();
    }

    /** When the newest run that ended {@code status} ended, if any did. */
    public Optional<Instant> lastEnded(String status) {
        List<Timestamp> ended = jdbc.sql("SELECT MAX(ended_at) FROM sync_run WHERE status = ?").param(status)
                .query(Timestamp.class).list();
        return ended.isEmpty() || ended.get(0) == null ? Optional.empty() : Optional.of(ended.get(0).toInstant());
    }

    /** Runs left {@code running} by a process that died: they will never finish, so they are marked interrupted. */
    public int interruptLeftovers() {
        return jdbc.sql("""
                        UPDATE sync_run SET status = 'interrupted', ended_at = CURRENT_TIMESTAMP,
                               message = 'The service stopped while this run was going; the next run continues from its cursors.'
                        WHERE status = 'running'""")
                .update();
    }

    /** The newest run, if any. */
    public Optional<Map<String, Object>> lastRun() {
        return recent(1).stream().findFirst();
    }

    /** Newest first. */
    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> runs = jdbc.sql("SELECT * FROM sync_run ORDER BY id DESC LIMIT ?").param(limit)
                .query(RUN).list();
        runs.forEach(run -> run.put("modules", modules((Long) run.get("id"))));
        return runs;
    }

    public Optional<Map<String, Object>> get(long runId) {
        Optional<Map<String, Object>> run = jdbc.sql("SELECT * FROM sync_run WHERE id = ?").param(runId)
                .query(RUN).optional();
        run.ifPresent(r -> r.put("modules", modules(runId)));
        return run;
    }

    private Map<String, Object> modules(long runId) {
        Map<String, Object> modules = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM sync_run_module WHERE run_id = ? ORDER BY module").param(runId)
                .query(rs -> {
                    Map<String, Object> module = new ModuleCounts(rs.getInt("created"), rs.getInt("updated"),
                            rs.getInt("unchanged"), rs.getInt("skipped"), rs.getInt("failed"), rs.getInt("processed")).asMap();
                    module.put("total", rs.getObject("total") == null ? null : rs.getInt("total"));
                    // The time left is only known of the run going, from its live counters (sync.SyncRuns).
                    module.put("eta", null);
                    module.put("limitedBy", null);
                    modules.put(rs.getString("module"), module);
                });
        return modules;
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM sync_run").query(Long.class).single();
    }

    private static String instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant().toString();
    }
}
