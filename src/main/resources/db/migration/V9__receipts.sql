-- The PDF of a linked, booked Dinero invoice, fetched once for GET /api/invoices/{crmId}/pdf and kept: a booked
-- invoice cannot change in Dinero (it can only be credited, which makes another document), so the copy stays valid.
-- Keyed by the invoice's link (module, crm_id); dinero_id says which Dinero invoice it is of, so a CRM invoice linked
-- anew to another Dinero invoice is not answered with the old one's PDF.
CREATE TABLE sync_receipt (
    module      VARCHAR(20)  NOT NULL,
    crm_id      VARCHAR(40)  NOT NULL,
    dinero_id   VARCHAR(64)  NOT NULL,
    number      VARCHAR(20),                     -- Dinero's invoice number when it was read with the PDF
    pdf         BLOB         NOT NULL,
    fetched_at  TIMESTAMP    NOT NULL,
    CONSTRAINT pk_receipt PRIMARY KEY (module, crm_id)
);
