package dk.simplydinero.sync;

import dk.simplydinero.model.SyncModule;
import java.util.Map;
import java.util.Optional;

/**
 * First contact: the Dinero record a not-yet-linked CRM record already has, found by {@code ExternalReference}
 * (records we created carry the CRM id there, so a create whose link was lost is found again) and then by the
 * natural key ({@link dk.simplydinero.mapping.RecordType#naturalKeys}: VAT number or e-mail for organizations, e-mail for persons, product number for
 * products).
 */
public interface DineroLookup {

    Optional<String> find(SyncModule module, String crmId, Map<String, Object> mapped);

    /**
     * A record was just created in a preview (the dry run, where nothing is linked): later lookups see it. A run does
     * not call it: what it creates is linked, and a linked record is never taken by first contact.
     */
    default void created(SyncModule module, String dineroId, Map<String, Object> mapped) {
    }
}
