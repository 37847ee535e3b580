package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The record types of the sync and their mappers, as their packages declare them (one of each per module): how the
 * generic steps find what a module is without naming it.
 */
@Component
public class RecordTypes {

    private final Map<SyncModule, RecordType> types;
    private final Map<SyncModule, CrmToDineroMapping> toDinero;
    private final Map<SyncModule, DineroToCrmMapping> toCrm;

    @Autowired
    public RecordTypes(List<RecordType> types, List<CrmToDineroMapping> toDinero, List<DineroToCrmMapping> toCrm) {
        this.types = byModule(types, RecordType::module, "record type");
        this.toDinero = byModule(toDinero, m -> m.type().module(), "CRM → Dinero mapper");
        this.toCrm = byModule(toCrm, m -> m.type().module(), "Dinero → CRM mapper");
    }

    /** The record types alone, without mappers (for a test of what reads only the types). */
    public RecordTypes(List<RecordType> types) {
        this.types = byModule(types, RecordType::module, "record type");
        this.toDinero = Map.of();
        this.toCrm = Map.of();
    }

    /** The record types in dependency order (organizations and contacts, products, invoices). */
    public List<RecordType> all() {
        return types.values().stream().sorted(Comparator.comparing(RecordType::module)).toList();
    }

    public RecordType of(SyncModule module) {
        return types.get(module);
    }

    public CrmToDineroMapping toDinero(SyncModule module) {
        return toDinero.get(module);
    }

    public DineroToCrmMapping toCrm(SyncModule module) {
        return toCrm.get(module);
    }

    /** Every mapper, both directions. */
    public List<MapperOfType> mappers() {
        List<MapperOfType> all = new java.util.ArrayList<>(toDinero.values());
        all.addAll(toCrm.values());
        return all;
    }

    private static <T> Map<SyncModule, T> byModule(List<T> items, Function<T, SyncModule> module, String what) {
        Map<SyncModule, T> out = new EnumMap<>(SyncModule.class);
        for (T item : items) {
            if (out.put(module.apply(item), item) != null) {
                throw new IllegalStateException("two of a " + what + " for " + module.apply(item).key());
            }
        }
        for (SyncModule m : SyncModule.values()) {
            if (!out.containsKey(m)) {
                throw new IllegalStateException("no " + what + " for " + m.key());
            }
        }
        return out;
    }
}
