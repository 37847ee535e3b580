package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Dinero invoice refers to Dinero records (its customer, line products) not linked to the CRM yet, and no
 * fallback product covers the lines. Nothing was mapped: sync the {@link #getMissing() missing records} to the CRM
 * first — or set {@code simplycrm.fallback-product} (or create a fallback product) when
 * {@link #isFallbackProductNeeded()} — then map the invoice again. The counterpart of
 * {@link UnlinkedDependencyException}, with Dinero ids instead of CRM ids.
 */
public class UnlinkedDineroDependencyException extends RuntimeException {

    /** One Dinero record that has to be linked to the CRM first. */
    public record Dependency(SyncModule module, String dineroId) {
    }

    private final String dineroId;
    private final List<Dependency> missing;
    private final List<Integer> linesWithoutProduct;

    /**
     * @param dineroId            the invoice's Guid
     * @param missing             unlinked records, each once, customer first, then products in line order
     * @param linesWithoutProduct 1-based numbers of the product lines left without a CRM product
     */
    public UnlinkedDineroDependencyException(String dineroId, List<Dependency> missing, List<Integer> linesWithoutProduct) {
        super(message(dineroId, missing, linesWithoutProduct));
        this.dineroId = dineroId;
        this.missing = List.copyOf(missing);
        this.linesWithoutProduct = List.copyOf(linesWithoutProduct);
    }

    /** The Guid of the Dinero invoice that could not be mapped. */
    public String getDineroId() {
        return dineroId;
    }

    /** Every Dinero record not linked yet, each once, customer first, then products in line order. */
    public List<Dependency> getMissing() {
        return missing;
    }

    /** The missing Dinero ids grouped by module, in the order found. */
    public Map<SyncModule, List<String>> getMissingByModule() {
        return byModule(missing);
    }

    /** 1-based numbers of the invoice's lines that have no CRM product (unlinked, or no ProductGuid at all). */
    public List<Integer> getLinesWithoutProduct() {
        return linesWithoutProduct;
    }

    /** True when some line has no CRM product: a fallback product ({@code simplycrm.fallback-product}) would do. */
    public boolean isFallbackProductNeeded() {
        return !linesWithoutProduct.isEmpty();
    }

    private static Map<SyncModule, List<String>> byModule(List<Dependency> missing) {
        Map<SyncModule, List<String>> out = new LinkedHashMap<>();
        for (Dependency d : missing) {
            out.computeIfAbsent(d.module(), m -> new ArrayList<>()).add(d.dineroId());
        }
        return out;
    }

    private static String message(String dineroId, List<Dependency> missing, List<Integer> lines) {
        StringBuilder s = new StringBuilder("Dinero invoice ").append(dineroId);
        if (!missing.isEmpty()) {
            s.append(" refers to records not linked to the CRM yet: ").append(byModule(missing).entrySet().stream()
                    .map(e -> e.getKey().key() + " " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; ")));
        }
        if (!lines.isEmpty()) {
            s.append(missing.isEmpty() ? ": " : ". ").append(lines.size() == 1 ? "Line " : "Lines ")
                    .append(lines.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(lines.size() == 1 ? " has" : " have")
                    .append(" no linked CRM product and no fallback product is set (simplycrm.fallback-product)");
        }
        return s.toString();
    }
}
