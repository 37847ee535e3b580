package dk.simplydinero.config;

import java.util.Locale;

/** How enum settings are written in application.properties and shown back: {@code CRM_TO_DINERO} ↔ {@code crm-to-dinero}. */
public final class SettingValues {

    private SettingValues() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
