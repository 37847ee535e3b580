package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroResource;

import java.util.Map;
import java.util.Optional;

/** First-contact lookups for a single-record sync: one filtered list call per key instead of listing everything. */
final class DirectLookup implements DineroLookup {

    private final DineroClient dinero;

    /** Organizations are known by VAT number only when one is synced ({@link NaturalKey}). */
    private final boolean vatSynced;

    DirectLookup(DineroClient dinero, boolean vatSynced) {
        this.dinero = dinero;
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
        String field = NaturalKey.field(module, mapped, vatSynced);
        if (field == null) {
            return Optional.empty();
        }
        Object value = mapped.get(field).toString().trim();
        String wanted = NaturalKey.of(module, mapped, vatSynced);
        return dinero.findBy(type, field, value).stream()
                .filter(r -> r.get("DeletedAt") == null && NaturalKey.fits(module, r) && wanted.equals(NaturalKey.of(module, r, vatSynced)))
                .map(r -> String.valueOf(r.get(type.idField())))
                .findFirst();
    }
}
