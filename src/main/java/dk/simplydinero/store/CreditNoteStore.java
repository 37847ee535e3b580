package dk.simplydinero.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The {@code sync_credit_note} table: the credit-note draft made in Dinero for a cancelled CRM invoice (issue 14.3). A
 * row is stored before the create ({@link #begin}, guid null) and completed once Dinero answered ({@link #done}): one
 * left without a guid means the answer was lost or the process stopped in between, so the credit note may exist and is
 * looked up first.
 */
@Component
public class CreditNoteStore {

    /** The credit note of a CRM invoice: {@code creditNoteGuid} null while its create is uncertain. */
    public record CreditNote(String invoiceCrmId, String invoiceGuid, String creditNoteGuid) {
    }

    private final JdbcClient jdbc;

    public CreditNoteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CreditNote> ofInvoice(String invoiceCrmId) {
        return jdbc.sql("SELECT invoice_crm_id, invoice_guid, credit_note_guid FROM sync_credit_note"
                        + " WHERE invoice_crm_id = ?")
                .param(invoiceCrmId)
                .query((rs, row) -> new CreditNote(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** The intent to credit Dinero invoice {@code invoiceGuid} for {@code invoiceCrmId}, stored before the create. */
    public void begin(String invoiceCrmId, String invoiceGuid) {
        jdbc.sql("MERGE INTO sync_credit_note (invoice_crm_id, invoice_guid, credit_note_guid, created_at)"
                        + " KEY (invoice_crm_id) VALUES (?, ?, NULL, CURRENT_TIMESTAMP)")
                .params(invoiceCrmId, invoiceGuid).update();
    }

    /** The credit note of {@code invoiceCrmId} (its intent stored by {@link #begin}) is {@code creditNoteGuid}. */
    public void done(String invoiceCrmId, String creditNoteGuid) {
        jdbc.sql("UPDATE sync_credit_note SET credit_note_guid = ? WHERE invoice_crm_id = ?")
                .params(creditNoteGuid, invoiceCrmId).update();
    }

}
