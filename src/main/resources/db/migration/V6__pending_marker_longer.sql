-- The CRM intent's marker holds up to four identifying values of up to 1000 characters each, and the module's
-- highest id before the create.
ALTER TABLE sync_pending_create ALTER COLUMN marker SET DATA TYPE VARCHAR(8000);
