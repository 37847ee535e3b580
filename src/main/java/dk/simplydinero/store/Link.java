package dk.simplydinero.store;

import dk.simplydinero.model.SyncModule;

/**
 * A CRM record and the Dinero record it is synced with. {@code dineroHash} is the hash of the content we last
 * wrote to (or found equal in) Dinero, or (both ways, after our write) what we expect Dinero to hold until the record
 * is read again (sync.Fingerprints#expected); {@code crmHash} the same for the CRM side, {@code crmModifiedTime} the
 * CRM's modifiedtime of that version. {@code dineroTimestamp} is Dinero's version as last seen, and which one
 * depends on what happened last: a write to Dinero keeps Dinero's {@code TimeStamp} (the token an update sends back),
 * a write to the CRM or a read of the unchanged invoice keeps the invoice's {@code UpdatedAt} (what its list row
 * shows, for the change feed's overlap). Never send it as an update's TimeStamp without knowing which it is: read the
 * record first, as the writers do.
 */
public record Link(SyncModule module, String crmId, String dineroId, String crmHash, String dineroHash,
                   String crmModifiedTime, String dineroTimestamp) {

    /** This link with its CRM side (fingerprint, modifiedtime) as now seen; Dinero's as it was. */
    public Link withCrm(String hash, String modifiedTime) {
        return new Link(module, crmId, dineroId, hash, dineroHash, modifiedTime, dineroTimestamp);
    }

    /** This link with its Dinero side (fingerprint, version) as now seen; the CRM's as it was. */
    public Link withDinero(String hash, String timestamp) {
        return new Link(module, crmId, dineroId, crmHash, hash, crmModifiedTime, timestamp);
    }
}
