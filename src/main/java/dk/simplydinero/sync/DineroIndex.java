package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * First-contact lookups for a bulk run: each Dinero record type is listed once (pages of 1000, only the
 * fields needed) the first time an unlinked record asks, so an initial sync of N records costs N creates and
 * a few list pages instead of N lookups. A run where everything is linked never lists.
 */
final class DineroIndex implements DineroLookup {

    private final DineroClient dinero;
    /**
     * Organizations are known by VAT number only when one is synced ({@link dk.simplydinero.mapping.ActiveMapping#vatSynced}); asked when used, as the
     * mapping in force comes into force after the run began.
     */
    private final BooleanSupplier vatSynced;
    private final Map<SyncModule, Keys> keys = new EnumMap<>(SyncModule.class);

    private record Keys(Map<String, String> byExternalReference, Map<String, String> byNaturalKey) {
    }

    private final RecordTypes types;

    DineroIndex(DineroClient dinero, RecordTypes types, BooleanSupplier vatSynced) {
        this.dinero = dinero;
        this.types = types;
        this.vatSynced = vatSynced;
    }

    @Override
    public synchronized Optional<String> find(SyncModule module, String crmId, Map<String, Object> mapped) {
        Keys k = keys(module);
        String guid = k.byExternalReference().get(crmId);
        if (guid == null) {
            String natural = types.of(module).naturalKey(mapped, vatSynced.getAsBoolean());
            guid = natural == null ? null : k.byNaturalKey().get(natural);
        }
        return Optional.ofNullable(guid);
    }

    @Override
    public synchronized void created(SyncModule module, String dineroId, Map<String, Object> mapped) {
        Keys k = keys.get(module);
        if (k != null) {
            add(module, k, dineroId, mapped);
        }
    }

    private Keys keys(SyncModule module) {
        return keys.computeIfAbsent(module, this::load);
    }

    /**
     * Record types of one Dinero resource (organizations and contacts are both Dinero contacts): one listing, with the
     * natural keys of each and what tells them apart, serves all of them.
     */
    private Keys load(SyncModule module) {
        DineroResource resource = module.dineroResource();
        List<RecordType> sharing = types.all().stream().filter(t -> t.module().dineroResource() == resource).toList();
        List<String> fields = new ArrayList<>(List.of(resource.idField(), "ExternalReference", "DeletedAt"));
        sharing.forEach(t -> fields.addAll(t.keyFields()));
        ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE)
                .fields(fields.stream().distinct().toArray(String[]::new));
        Map<SyncModule, Keys> listed = new EnumMap<>(SyncModule.class);
        sharing.forEach(t -> listed.put(t.module(), new Keys(new HashMap<>(), new HashMap<>())));
        dinero.forEachPage(resource, query, page -> page.stream()
                .filter(r -> r.get("DeletedAt") == null)
                .forEach(r -> {
                    String guid = String.valueOf(r.get(resource.idField()));
                    listed.forEach((m, k) -> add(m, k, guid, r));
                }));
        listed.forEach((m, k) -> {
            if (m != module) {
                keys.putIfAbsent(m, k);
            }
        });
        return listed.get(module);
    }

    private void add(SyncModule module, Keys k, String guid, Map<String, ?> record) {
        Object ref = record.get("ExternalReference");
        if (ref != null && !ref.toString().isBlank()) {
            k.byExternalReference().putIfAbsent(ref.toString(), guid);
        }
        RecordType type = types.of(module);
        String natural = type.naturalKey(record, vatSynced.getAsBoolean());
        if (natural != null && type.fits(record)) {
            k.byNaturalKey().putIfAbsent(natural, guid);
        }
    }
}
