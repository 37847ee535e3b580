package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An invoice refers to CRM records (its customer, its line products) that are not linked to Dinero yet. Nothing
 * was mapped: sync the {@link #getMissing() missing records} first, then map the invoice again.
 */
public class UnlinkedDependencyException extends RuntimeException {

    /** One CRM record that has to be synced first. */
    public record Dependency(SyncModule module, String crmId) {
    }

    private final String crmId;
    private final List<Dependency> missing;

    public UnlinkedDependencyException(String crmId, List<Dependency> missing) {
        super(message(crmId, missing));
        this.crmId = crmId;
        this.missing = List.copyOf(missing);
    }

    /** The CRM id of the record that could not be mapped (the invoice). */
    public String getCrmId() {
        return crmId;
    }

    /** Every record not linked yet, each once, customer first, then products in line order. */
    public List<Dependency> getMissing() {
        return missing;
    }

    /** The missing CRM ids grouped by module, in the order found. */
    public Map<SyncModule, List<String>> getMissingByModule() {
        Map<SyncModule, List<String>> out = new LinkedHashMap<>();
        for (Dependency d : missing) {
            out.computeIfAbsent(d.module(), m -> new ArrayList<>()).add(d.crmId());
        }
        return out;
    }

    private static String message(String crmId, List<Dependency> missing) {
        Map<SyncModule, List<String>> byModule = new LinkedHashMap<>();
        for (Dependency d : missing) {
            byModule.computeIfAbsent(d.module(), m -> new ArrayList<>()).add(d.crmId());
        }
        return "CRM record " + crmId + " refers to records not synced to Dinero yet: "
                + byModule.entrySet().stream()
                .map(e -> e.getKey().key() + " " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
    }
}
