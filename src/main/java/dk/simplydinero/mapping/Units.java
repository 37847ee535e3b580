package dk.simplydinero.mapping;

import java.util.Locale;
import java.util.Map;

/** CRM {@code usageunit} ↔ Dinero product {@code Unit} (PRODUCT.md 5). */
public final class Units {

    private static final Map<String, String> CRM_TO_DINERO = Map.of(
            "hours", "hours",
            "box", "box",
            "carton", "carton",
            "m", "metre",
            "pack", "package");

    private static final Map<String, String> DINERO_TO_CRM = Map.of(
            "hours", "Hours",
            "box", "Box",
            "carton", "Carton",
            "metre", "M",
            "package", "Pack",
            "parts", "Pieces");

    private Units() {
    }

    /** Hours→hours, Box→box, Carton→carton, M→metre, Pack→package; everything else (Each, Pieces, empty…) → parts. */
    public static String toDinero(String crmUnit) {
        if (crmUnit == null) {
            return "parts";
        }
        return CRM_TO_DINERO.getOrDefault(crmUnit.trim().toLowerCase(Locale.ROOT), "parts");
    }

    /** The reverse; Dinero units the CRM has no picklist value for (km, day, litre…) become Pieces. */
    public static String toCrm(String dineroUnit) {
        if (dineroUnit == null) {
            return "Pieces";
        }
        return DINERO_TO_CRM.getOrDefault(dineroUnit.trim().toLowerCase(Locale.ROOT), "Pieces");
    }
}
