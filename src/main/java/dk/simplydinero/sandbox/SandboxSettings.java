package dk.simplydinero.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Settings that only fit the simulated CRM, set while the sandbox runs: its Organizations carry the VAT number in
 * {@code cf_853}, so an empty {@code simplycrm.vat-field} (the shipped default, right for a real installation until
 * its own field is named) becomes that field. Outside the sandbox nothing is set.
 */
public class SandboxSettings implements EnvironmentPostProcessor {

    /** The simulated CRM's VAT custom field on Accounts (see {@code crm.CrmModule}). */
    public static final String VAT_FIELD = "cf_853";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!"true".equalsIgnoreCase(environment.getProperty("sandbox.enabled", "").trim())) {
            return;
        }
        if (environment.getProperty("simplycrm.vat-field", "").isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("sandbox-settings",
                    Map.of("simplycrm.vat-field", VAT_FIELD)));
        }
    }
}
