-- Issue 14.3, Dinero → CRM: a credit note booked in Dinero for a linked invoice turns the CRM invoice into
-- "Credit Invoice" with one comment naming the credit note.
-- The comment is written by the payment comments' mechanism (sync_payment_comment: intent before the create, marker
-- [dinero:<guid>] in the text), now for two kinds of Dinero document: a payment or a credit note.
ALTER TABLE sync_payment_comment ADD COLUMN kind VARCHAR(16) DEFAULT 'payment' NOT NULL;

-- Each credit note the Dinero feed brought, in the state it was handled in, so the feed's overlap (and any later sight
-- of the same state) costs nothing: a draft (no CRM write), or a booked one with the invoice it credits
-- (CreditNoteFor, read with a GET) and the CRM invoice it was applied to (null while not applied: the invoice not
-- linked, or the CRM write failed; looked at again by the next runs without asking Dinero while the invoice is not
-- linked).
CREATE TABLE sync_credit_note_seen (
    credit_note_guid  VARCHAR(64)  NOT NULL PRIMARY KEY,
    status            VARCHAR(16)  NOT NULL,  -- Draft or Booked, as handled
    invoice_guid      VARCHAR(64),            -- CreditNoteFor (null for a draft: not read)
    invoice_crm_id    VARCHAR(64),            -- the CRM invoice set to Credit Invoice
    applied_at        TIMESTAMP,              -- when the CRM invoice got its status and comment; null: not yet
    seen_at           TIMESTAMP    NOT NULL
);
CREATE INDEX ix_credit_note_seen_invoice ON sync_credit_note_seen (invoice_guid);
