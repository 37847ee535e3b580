package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The {@code sync_receipt} table: the PDF of a linked, booked Dinero invoice, kept once fetched (a booked invoice
 * cannot change in Dinero, so the copy never goes stale).
 */
@Component
public class ReceiptStore {

    /** A kept PDF: of Dinero invoice {@code dineroId}, its number when known. */
    public record Stored(String dineroId, String number, byte[] pdf) {
    }

    private final JdbcClient jdbc;

    public ReceiptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find(SyncModule module, String crmId) {
        return jdbc.sql("SELECT dinero_id, number, pdf FROM sync_receipt WHERE module = ? AND crm_id = ?")
                .params(module.key(), crmId)
                .query((rs, n) -> new Stored(rs.getString("dinero_id"), rs.getString("number"), rs.getBytes("pdf")))
                .optional();
    }

    /** Keeps {@code pdf} as the receipt of this CRM record (replacing one of an earlier link). */
    public void save(SyncModule module, String crmId, String dineroId, String number, byte[] pdf) {
        jdbc.sql("""
                        MERGE INTO sync_receipt (module, crm_id, dinero_id, number, pdf, fetched_at)
                        KEY (module, crm_id) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""")
                .params(module.key(), crmId, dineroId, number, pdf).update();
    }
}
