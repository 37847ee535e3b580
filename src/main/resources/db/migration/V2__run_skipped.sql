-- Records deliberately not written (e.g. an invoice already booked in Dinero): reported, not failed.
ALTER TABLE sync_run_module ADD COLUMN skipped INT NOT NULL DEFAULT 0;
