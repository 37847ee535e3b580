package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** First-contact lookups for a single-record sync: one filtered list call per key instead of listing everything. */
final class DirectLookup implements DineroLookup {

    private final DineroClient dinero;

    /**
     * Organizations are known by VAT number only when one is synced ({@link dk.simplydinero.mapping.ActiveMapping#vatSynced}); asked when used, as the
     * mapping in force comes into force after the run began.
     */
    private final BooleanSupplier vatSynced;

    private final RecordTypes types;

    DirectLookup(DineroClient dinero, RecordTypes types, BooleanSupplier vatSynced) {
        this.dinero = dinero;
        this.types = types;
        this.vatSynced = vatSynced;
    }

    @Override
    public Optional<String> find(SyncModule module, String crmId, Map<String, Object> mapped) {
        DineroResource type = module.dineroResource();
        Optional<String> byReference = dinero.findByExternalReference(type, crmId)
                .map(r -> String.valueOf(r.get(type.idField())));
        if (byReference.isPresent()) {
            return byReference;
        }
        boolean vat = vatSynced.getAsBoolean();
        RecordType recordType = types.of(module);
        String field = recordType.naturalKeyField(mapped, vat);
        if (field == null) {
            return Optional.empty();
        }
        Object value = mapped.get(field).toString().trim();
        String wanted = recordType.naturalKey(mapped, vat);
        return dinero.findBy(type, field, value).stream()
                .filter(r -> r.get("DeletedAt") == null && recordType.fits(r)
                        && wanted.equals(recordType.naturalKey(r, vat)))
                .map(r -> String.valueOf(r.get(type.idField())))
                .findFirst();
    }
}
