package dk.simplydinero.console;

import dk.simplydinero.model.SyncModule;

import java.util.LinkedHashMap;
import java.util.Map;

/** A run's modules as the console lists them: the record types in the order a run syncs them, then the others. */
final class ModuleOrder {

    private ModuleOrder() {
    }

    /** {@code byKey} (module key → anything) reordered: record types first, then Dinero's credit notes, as given. */
    static <V> Map<String, V> of(Map<String, V> byKey) {
        Map<String, V> ordered = new LinkedHashMap<>();
        for (SyncModule m : SyncModule.values()) {
            if (byKey.containsKey(m.key())) {
                ordered.put(m.key(), byKey.get(m.key()));
            }
        }
        byKey.forEach(ordered::putIfAbsent);
        return ordered;
    }
}
