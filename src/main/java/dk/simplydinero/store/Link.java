package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;

/**
 * A CRM record and the Dinero record it is synced with. {@code dineroHash} is the hash of the content we last
 * wrote to (or found equal in) Dinero; {@code crmHash} the same for the CRM side. {@code dineroTimestamp} is
 * Dinero's version as last seen, and which one depends on the side that wrote last: a write to Dinero keeps
 * Dinero's {@code TimeStamp} (the token an update sends back), a write to the CRM keeps the invoice's
 * {@code UpdatedAt} (what its list row shows, for the change feed's overlap). Never send it as an update's
 * TimeStamp without knowing which it is: read the record first, as the writers do.
 */
public record Link(SyncModule module, String crmId, String dineroId, String crmHash, String dineroHash,
                   String crmModifiedTime, String dineroTimestamp) {
}
