package dk.simplydinero.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The {@code sync_receipt_link} table: how a CRM invoice links its receipt (issue 14.2). The intent is stored before
 * the CRM is written ({@link #begin}, not linked) and completed once the link is known to be there ({@link #linked});
 * a row left unlinked means the answer was lost or the process stopped in between, so a document made for it may
 * exist and is looked up by its URL first.
 */
@Component
public class ReceiptLinkStore {

    /** A receipt link: {@code documentId} null until a document is known; {@code linked} false while uncertain. */
    public record ReceiptLink(String invoiceCrmId, String mode, String url, String documentId, boolean linked) {
        /** The link is in the CRM as {@code mode} with {@code url}: nothing to do. */
        public boolean done(String mode, String url) {
            return linked && this.mode.equals(mode) && this.url.equals(url);
        }
    }

    private final JdbcClient jdbc;

    public ReceiptLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ReceiptLink> find(String invoiceCrmId) {
        return jdbc.sql("SELECT invoice_crm_id, mode, url, document_id, linked_at FROM sync_receipt_link"
                        + " WHERE invoice_crm_id = ?")
                .param(invoiceCrmId)
                .query((rs, row) -> new ReceiptLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5) != null))
                .optional();
    }

    /** The intent to link {@code url} on {@code invoiceCrmId} as {@code mode}, stored before the CRM is written. */
    public void begin(String invoiceCrmId, String mode, String url) {
        jdbc.sql("MERGE INTO sync_receipt_link (invoice_crm_id, mode, url, document_id, linked_at)"
                        + " KEY (invoice_crm_id) VALUES (?, ?, ?, NULL, NULL)")
                .params(invoiceCrmId, mode, url).update();
    }

    /** The document made for the intent of {@code invoiceCrmId} (not yet known to be related). */
    public void document(String invoiceCrmId, String documentId) {
        jdbc.sql("UPDATE sync_receipt_link SET document_id = ? WHERE invoice_crm_id = ?")
                .params(documentId, invoiceCrmId).update();
    }

    /** The link of {@code invoiceCrmId} (its intent stored by {@link #begin}) is in the CRM. */
    public void linked(String invoiceCrmId) {
        jdbc.sql("UPDATE sync_receipt_link SET linked_at = CURRENT_TIMESTAMP WHERE invoice_crm_id = ?")
                .param(invoiceCrmId).update();
    }
}
