-- A group of CRM ids is looked up at once (crm_id IN (…), sync.CreateIntentsAhead), and H2 uses an IN list only on
-- an index's first column: with (module, crm_id) each such lookup read every link of the module, a cost growing with
-- the store (at 100,000 links, 100,000 rows read for every 20 records). (crm_id, module) serves the lookup of one
-- record (module = ? AND crm_id = ?) as before, and the IN list through the index.
ALTER TABLE sync_link DROP CONSTRAINT uq_link_crm;
ALTER TABLE sync_link ADD CONSTRAINT uq_link_crm UNIQUE (crm_id, module);
