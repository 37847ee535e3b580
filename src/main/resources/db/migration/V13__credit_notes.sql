-- Issue 14.3: the credit-note draft made in Dinero for a CRM invoice cancelled after its Dinero twin was booked, one
-- per CRM invoice, so it is made once. A row with no credit_note_guid is an intent: stored before the create, so a
-- crash between the create and its link leaves it behind and the credit note is looked up by its ExternalReference
-- (crm-credit:<crm id>) before it is created again. V13, not V12: another branch of issue 14 takes V12.
CREATE TABLE sync_credit_note (
    invoice_crm_id    VARCHAR(64)  NOT NULL PRIMARY KEY,  -- the cancelled CRM invoice
    invoice_guid      VARCHAR(64)  NOT NULL,              -- the booked Dinero invoice it credits (CreditNoteFor)
    credit_note_guid  VARCHAR(64),                        -- the Dinero credit note; null while its create is uncertain
    created_at        TIMESTAMP    NOT NULL
);
