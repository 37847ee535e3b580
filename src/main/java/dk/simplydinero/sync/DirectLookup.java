package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroResource;

import java.util.Map;
import java.util.Optional;

/** First-contact lookups for a single-record sync: one filtered list call per key instead of listing everything. */
final class DirectLookup implements DineroLookup {

    private final DineroClient dinero;

    DirectLookup(DineroClient dinero) {
        this.dinero = dinero;
    }

    @Override
    public Optional<String> find(SyncModule module, String crmId, Map<String, Object> mapped) {
        DineroResource type = module.dineroResource();
        Optional<String> byReference = dinero.findByExternalReference(type, crmId)
                .map(r -> String.valueOf(r.get(type.idField())));
        if (byReference.isPresent()) {
            return byReference;
        }
        String field = NaturalKey.field(module);
        Object value = field == null ? null : mapped.get(field);
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        String wanted = NaturalKey.of(module, mapped);
        return dinero.findBy(type, field, value).stream()
                .filter(r -> r.get("DeletedAt") == null && NaturalKey.fits(module, r) && wanted.equals(NaturalKey.of(module, r)))
                .map(r -> String.valueOf(r.get(type.idField())))
                .findFirst();
    }
}
