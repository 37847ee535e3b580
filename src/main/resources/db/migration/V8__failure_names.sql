-- The failed record's name on each side where it was known when it failed (CRM: its name fields; Dinero: its Name, or
-- an invoice's number and customer), so a person recognises it without looking ids up. Older failures have none.
ALTER TABLE sync_failure ADD COLUMN crm_name VARCHAR(255);
ALTER TABLE sync_failure ADD COLUMN dinero_name VARCHAR(255);
