package dk.simplydinero.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@code sync_payment_comment} table: which CRM comment shows which Dinero payment (issue 14.1) or booked credit
 * note (issue 14.3; {@link Kind}), by the document's Dinero guid. A row is stored
 * before the comment's create ({@link #begin}, comment id null) and completed once the CRM answered ({@link #done}):
 * one left without a comment id means the answer was lost or the process stopped in between, so the comment may
 * exist and is looked up by its marker first.
 */
@Component
public class PaymentCommentStore {

    /** A payment's comment: {@code commentId} null while its create is uncertain; {@code gone}: reported deleted. */
    public record PaymentComment(String paymentGuid, String invoiceCrmId, String commentId, boolean gone) {
    }

    /** The Dinero document a comment shows. */
    public enum Kind {
        PAYMENT, CREDIT_NOTE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final JdbcClient jdbc;

    public PaymentCommentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The payment comments (and intents) of one CRM invoice (not its credit notes' comments). */
    public List<PaymentComment> ofInvoice(String invoiceCrmId) {
        return jdbc.sql("SELECT payment_guid, invoice_crm_id, comment_id, gone_at FROM sync_payment_comment"
                        + " WHERE invoice_crm_id = ? AND kind = 'payment' ORDER BY created_at, payment_guid")
                .param(invoiceCrmId)
                .query((rs, row) -> new PaymentComment(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) != null))
                .list();
    }

    /** The comment (or intent) of one Dinero document, any kind. */
    public Optional<PaymentComment> of(String guid) {
        return jdbc.sql("SELECT payment_guid, invoice_crm_id, comment_id, gone_at FROM sync_payment_comment"
                        + " WHERE payment_guid = ?")
                .param(guid)
                .query((rs, row) -> new PaymentComment(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) != null))
                .optional();
    }

    /** The intent to create the comment of Dinero document {@code guid} on {@code invoiceCrmId}, before the create. */
    public void begin(String invoiceCrmId, String guid, Kind kind) {
        jdbc.sql("MERGE INTO sync_payment_comment (payment_guid, invoice_crm_id, comment_id, created_at, kind)"
                        + " KEY (payment_guid) VALUES (?, ?, NULL, CURRENT_TIMESTAMP, ?)")
                .params(guid, invoiceCrmId, kind.column()).update();
    }

    /** The comment of {@code paymentGuid} (its intent stored by {@link #begin}) is {@code commentId} in the CRM. */
    public void done(String paymentGuid, String commentId) {
        jdbc.sql("UPDATE sync_payment_comment SET comment_id = ? WHERE payment_guid = ?")
                .params(commentId, paymentGuid).update();
    }

    /** The payment was reported deleted in Dinero (its comment stays): not reported again. */
    public void gone(String paymentGuid) {
        jdbc.sql("UPDATE sync_payment_comment SET gone_at = CURRENT_TIMESTAMP WHERE payment_guid = ?")
                .param(paymentGuid).update();
    }
}
