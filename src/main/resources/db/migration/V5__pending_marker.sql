-- The intent row keeps the identifying fields of a CRM create as JSON (name, customer, date), not only a name.
ALTER TABLE sync_pending_create ALTER COLUMN marker SET DATA TYPE VARCHAR(2000);
