package dk.simplydinero.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@code sync_credit_note} table: the credit-note draft made in Dinero for a cancelled CRM invoice (issue 14.3). A
 * row is stored before the create ({@link #begin}, guid null) and completed once Dinero answered ({@link #done}): one
 * left without a guid means the answer was lost or the process stopped in between, so the credit note may exist and is
 * looked up first.
 *
 * <p>Dinero → CRM ({@code sync_credit_note_seen}): each credit note the Dinero feed brought, in the state it was handled
 * in ({@link Seen}), so the feed's overlap costs nothing, and whether its CRM invoice got {@code Credit Invoice}. Its
 * {@code status} is {@code Draft} or {@code Booked}, or one of the end states the sync gives a booked credit note it can
 * never apply (read no more): {@code NoInvoice} (no {@code CreditNoteFor}) or {@code NotFound} (its GET answered so).
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

    /**
     * A credit note from Dinero as handled: {@code status} {@code Draft} or {@code Booked}; a booked one's invoice
     * ({@code CreditNoteFor}) and, once applied, the CRM invoice it turned into {@code Credit Invoice}.
     */
    public record Seen(String creditNoteGuid, String status, String invoiceGuid, String invoiceCrmId, boolean applied) {
    }

    private static final String SEEN = "SELECT credit_note_guid, status, invoice_guid, invoice_crm_id, applied_at"
            + " FROM sync_credit_note_seen";

    public Optional<Seen> seen(String creditNoteGuid) {
        return jdbc.sql(SEEN + " WHERE credit_note_guid = ?").param(creditNoteGuid).query(this::seenRow).optional();
    }

    /** The booked credit notes not applied yet (their invoice not linked, or the CRM write failed), oldest first. */
    public List<Seen> notApplied() {
        return jdbc.sql(SEEN + " WHERE status = 'Booked' AND applied_at IS NULL ORDER BY seen_at, credit_note_guid")
                .query(this::seenRow).list();
    }

    /**
     * The booked credit notes applied whose comment is still missing: its create refused by the CRM (or uncertain), so
     * the comment alone is tried again ({@code sync_payment_comment} holds its intent without a comment id).
     */
    public List<Seen> commentPending() {
        return jdbc.sql("SELECT s.credit_note_guid, s.status, s.invoice_guid, s.invoice_crm_id, s.applied_at"
                        + " FROM sync_credit_note_seen s JOIN sync_payment_comment c ON c.payment_guid = s.credit_note_guid"
                        + " WHERE s.status = 'Booked' AND s.applied_at IS NOT NULL AND c.comment_id IS NULL"
                        + " ORDER BY s.seen_at, s.credit_note_guid")
                .query(this::seenRow).list();
    }

    /** Whether a credit note is held as a draft: its booking may not show in the changes since the cursor. */
    public boolean draftsPending() {
        return jdbc.sql("SELECT COUNT(*) FROM sync_credit_note_seen WHERE status = 'Draft'").query(Integer.class)
                .single() > 0;
    }

    /** The drafts not among {@code listed} (a whole list of Dinero's credit notes): deleted in Dinero, forgotten. */
    public void forgetDraftsBut(java.util.Set<String> listed) {
        for (String guid : jdbc.sql("SELECT credit_note_guid FROM sync_credit_note_seen WHERE status = 'Draft'")
                .query(String.class).list()) {
            if (!listed.contains(guid)) {
                forgetDraft(guid);
            }
        }
    }

    /** A draft deleted in Dinero: nothing to wait for. */
    public void forgetDraft(String creditNoteGuid) {
        jdbc.sql("DELETE FROM sync_credit_note_seen WHERE credit_note_guid = ? AND status = 'Draft'")
                .param(creditNoteGuid).update();
    }

    /** The booked credit note credits Dinero invoice {@code invoiceGuid} (read with its GET); applied or not as before. */
    public void credits(String creditNoteGuid, String invoiceGuid) {
        jdbc.sql("UPDATE sync_credit_note_seen SET invoice_guid = ? WHERE credit_note_guid = ?")
                .params(invoiceGuid, creditNoteGuid).update();
    }

    /** The credit note was handled in {@code status} (not applied: {@link #applied} says when it is). */
    public void saw(String creditNoteGuid, String status, String invoiceGuid) {
        jdbc.sql("MERGE INTO sync_credit_note_seen (credit_note_guid, status, invoice_guid, invoice_crm_id, applied_at,"
                        + " seen_at) KEY (credit_note_guid) VALUES (?, ?, ?, NULL, NULL, CURRENT_TIMESTAMP)")
                .params(creditNoteGuid, status, invoiceGuid).update();
    }

    /** The booked credit note's CRM invoice holds {@code Credit Invoice} and its comment. */
    public void applied(String creditNoteGuid, String invoiceCrmId) {
        jdbc.sql("UPDATE sync_credit_note_seen SET invoice_crm_id = ?, applied_at = CURRENT_TIMESTAMP"
                        + " WHERE credit_note_guid = ?")
                .params(invoiceCrmId, creditNoteGuid).update();
    }

    /** Whether a booked credit note of Dinero invoice {@code invoiceGuid} turned its CRM invoice into a credit invoice. */
    public boolean credited(String invoiceGuid) {
        return jdbc.sql("SELECT COUNT(*) FROM sync_credit_note_seen WHERE invoice_guid = ? AND applied_at IS NOT NULL")
                .param(invoiceGuid).query(Integer.class).single() > 0;
    }

    private Seen seenRow(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Seen(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5) != null);
    }
}
