-- The payment state of a linked Dinero invoice as we last saw it (Draft, Booked, Overdue, Paid, OverPaid), so each run
-- can find the booked, not fully paid invoices whose state changed without their UpdatedAt (one list, no reads).
ALTER TABLE sync_link ADD COLUMN dinero_state VARCHAR(20);
-- Links from before this column: their state is not known, so the next run looks at them once.
UPDATE sync_link SET dinero_state = 'Unknown' WHERE module = 'invoices';
