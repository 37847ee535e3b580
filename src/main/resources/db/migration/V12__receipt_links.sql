-- Issue 14.2, CRM side: how a CRM invoice links its receipt (<sync.public-url>/api/invoices/<crmId>/pdf), written
-- once. A row with no linked_at is an intent: stored before the Documents record's create, so a crash between the
-- create and the link leaves it behind and the document is looked up by its URL before it is created again.
-- V12: V10 and V11 are taken on main.
CREATE TABLE sync_receipt_link (
    invoice_crm_id  VARCHAR(64)   NOT NULL PRIMARY KEY,  -- the CRM invoice that links its receipt
    mode            VARCHAR(16)   NOT NULL,              -- sync.receipts when written: document or field
    url             VARCHAR(1000) NOT NULL,              -- the link written (a changed sync.public-url writes anew)
    document_id     VARCHAR(64),                         -- mode document: the CRM Documents record, once known
    linked_at       TIMESTAMP                            -- null while the link is not known to be in the CRM
);
