package dk.simplydinero.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Run history in {@code sync_run} / {@code sync_run_module}. */
@Component
public class RunStore {

    private final JdbcClient jdbc;

    public RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest run as the status page shows it, if any run happened. */
    public Optional<Map<String, Object>> lastRun() {
        List<Map<String, Object>> rows = jdbc.sql(
                        "SELECT id, trigger_type, status, started_at, ended_at, message FROM sync_run ORDER BY id DESC LIMIT 1")
                .query((rs, n) -> {
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("id", rs.getLong("id"));
                    run.put("trigger", rs.getString("trigger_type"));
                    run.put("status", rs.getString("status"));
                    run.put("startedAt", instant(rs.getTimestamp("started_at")));
                    run.put("endedAt", instant(rs.getTimestamp("ended_at")));
                    run.put("message", rs.getString("message"));
                    return run;
                })
                .list();
        return rows.stream().findFirst();
    }

    private static String instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant().toString();
    }

    /** For tests and later issues: number of runs stored. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM sync_run").query(Long.class).single();
    }

}
