-- Issue 14.1: each Dinero payment of a linked invoice written as one CRM comment on the invoice, linked by the payment's
-- guid so it is written once. A row with no comment_id is an intent: stored before the create, so a crash between the
-- create and its link leaves it behind and the comment is looked up by its marker before it is created again.
-- V10, not V9: another branch of issue 14 takes V9.
CREATE TABLE sync_payment_comment (
    payment_guid    VARCHAR(64)  NOT NULL PRIMARY KEY,  -- the payment's Dinero Guid (in the comment's marker)
    invoice_crm_id  VARCHAR(64)  NOT NULL,              -- the CRM invoice the comment is on
    comment_id      VARCHAR(64),                        -- the CRM comment; null while its create is uncertain
    created_at      TIMESTAMP    NOT NULL,
    gone_at         TIMESTAMP                           -- when the run reported the payment deleted in Dinero
);
CREATE INDEX ix_payment_comment_invoice ON sync_payment_comment (invoice_crm_id);
