package dk.simplydinero.mapping.custom;

import java.util.Optional;

/** Which way a custom mapping rule works: the target field is on the Dinero side (CRM → Dinero) or on the CRM side. */
public enum Direction {
    CRM_TO_DINERO("crm-to-dinero"),
    DINERO_TO_CRM("dinero-to-crm");

    private final String key;

    Direction(String key) {
        this.key = key;
    }

    /** The name in the mapping file: {@code crm-to-dinero} or {@code dinero-to-crm}. */
    public String key() {
        return key;
    }

    static Optional<Direction> byKey(String key) {
        for (Direction d : values()) {
            if (d.key.equals(key)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
