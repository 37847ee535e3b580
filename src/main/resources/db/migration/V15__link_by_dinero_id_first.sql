-- A group of Dinero ids is looked up at once (dinero_id IN (…), sync.UnchangedRows: the rows a Dinero feed's overlap
-- brings back), and H2 uses an IN list only on an index's first column (as for crm_id, V11): with (module, dinero_id)
-- each such lookup read every link of the module. (dinero_id, module) serves the lookup of one record as before.
ALTER TABLE sync_link DROP CONSTRAINT uq_link_dinero;
ALTER TABLE sync_link ADD CONSTRAINT uq_link_dinero UNIQUE (dinero_id, module);
-- The lookups of a whole module (its links' states, its links by Dinero id, a cursor reset) had (module, dinero_id);
-- with neither unique index starting with module now, they get one of their own.
CREATE INDEX ix_link_module ON sync_link (module);
