package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;

import java.util.Optional;

/** The Dinero id (ContactGuid, ProductGuid) a CRM record is linked to, if it is linked. */
@FunctionalInterface
public interface LinkLookup {

    Optional<String> dineroId(SyncModule module, String crmId);
}
