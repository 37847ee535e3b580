package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;

/**
 * A CRM record and the Dinero record it is synced with. {@code dineroHash} is the hash of the content we last
 * wrote to (or found equal in) Dinero; {@code crmHash} the same for the CRM side. {@code dineroTimestamp} is
 * Dinero's version after our last write (invoices: {@code TimeStamp}).
 */
public record Link(SyncModule module, String crmId, String dineroId, String crmHash, String dineroHash,
                   String crmModifiedTime, String dineroTimestamp) {
}
