package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.ListQuery;
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
     * Organizations are known by VAT number only when one is synced ({@link NaturalKey}); asked when used, as the
     * mapping in force comes into force after the run began.
     */
    private final BooleanSupplier vatSynced;
    private final Map<SyncModule, Keys> keys = new EnumMap<>(SyncModule.class);

    private record Keys(Map<String, String> byExternalReference, Map<String, String> byNaturalKey) {
    }

    DineroIndex(DineroClient dinero, BooleanSupplier vatSynced) {
        this.dinero = dinero;
        this.vatSynced = vatSynced;
    }

    @Override
    public synchronized Optional<String> find(SyncModule module, String crmId, Map<String, Object> mapped) {
        Keys k = keys(module);
        String guid = k.byExternalReference().get(crmId);
        if (guid == null) {
            String natural = NaturalKey.of(module, mapped, vatSynced.getAsBoolean());
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

    /** Organizations and contacts are both Dinero contacts: one listing serves both. */
    private Keys load(SyncModule module) {
        DineroResource type = module.dineroResource();
        Keys k = new Keys(new HashMap<>(), new HashMap<>());
        List<String> fields = new ArrayList<>(List.of(type.idField(), "ExternalReference", "DeletedAt"));
        switch (type) {
            case CONTACTS -> fields.addAll(List.of("VatNumber", "Email", "IsPerson"));
            case PRODUCTS -> fields.add("ProductNumber");
            default -> { }
        }
        ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE).fields(fields.toArray(String[]::new));
        SyncModule sibling = module == SyncModule.ORGANIZATIONS ? SyncModule.CONTACTS
                : module == SyncModule.CONTACTS ? SyncModule.ORGANIZATIONS : null;
        Keys siblingKeys = sibling == null ? null : new Keys(new HashMap<>(), new HashMap<>());
        dinero.forEachPage(type, query, page -> page.stream()
                .filter(r -> r.get("DeletedAt") == null)
                .forEach(r -> {
                    String guid = String.valueOf(r.get(type.idField()));
                    add(module, k, guid, r);
                    if (siblingKeys != null) {
                        add(sibling, siblingKeys, guid, r);
                    }
                }));
        if (siblingKeys != null && !keys.containsKey(sibling)) {
            keys.put(sibling, siblingKeys);
        }
        return k;
    }

    private void add(SyncModule module, Keys k, String guid, Map<String, ?> record) {
        Object ref = record.get("ExternalReference");
        if (ref != null && !ref.toString().isBlank()) {
            k.byExternalReference().putIfAbsent(ref.toString(), guid);
        }
        String natural = NaturalKey.of(module, record, vatSynced.getAsBoolean());
        if (natural != null && NaturalKey.fits(module, record)) {
            k.byNaturalKey().putIfAbsent(natural, guid);
        }
    }
}
