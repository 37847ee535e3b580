-- Which half of the sync a failure belongs to, so each half retries its own failures.
ALTER TABLE sync_failure ADD COLUMN direction VARCHAR(20) NOT NULL DEFAULT 'crm-to-dinero';
