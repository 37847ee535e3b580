package dk.simplydinero.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.util.Map;

/**
 * Settings that only fit the sandbox, set while it runs: the simulated CRM's Organizations carry the VAT number in
 * {@code cf_853}, so an empty {@code simplycrm.vat-field} (the shipped default, right for a real installation until
 * its own field is named) becomes that field; an empty {@code sync.direction} (shipped; {@code crm-to-dinero} for a
 * real installation) becomes {@code both}, so the demo shows what flows only from Dinero too (payments as comments,
 * receipts) beside what flows to it (credit-note drafts). Outside the sandbox nothing is set.
 */
public class SandboxSettings implements EnvironmentPostProcessor {

    /** The simulated CRM's VAT custom field on Accounts (see {@code crm.CrmModule}). */
    public static final String VAT_FIELD = "cf_853";
    /** The sandbox's direction when none is set. */
    static final String DIRECTION = "both";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SandboxDirection.NAME)) {
            environment.getPropertySources().addFirst(new SandboxDirection(environment));
        }
        if (!sandbox(environment)) {
            return;
        }
        if (environment.getProperty("simplycrm.vat-field", "").isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("sandbox-settings",
                    Map.of("simplycrm.vat-field", VAT_FIELD)));
        }
    }

    private static boolean sandbox(ConfigurableEnvironment environment) {
        return "true".equalsIgnoreCase(environment.getProperty("sandbox.enabled", "").trim());
    }

    /**
     * {@code sync.direction=both} while the sandbox runs and no other source sets a direction, decided at each read
     * rather than once at start: a source added later (a test's settings, a customizer) that turns the sandbox off
     * must not inherit {@code both}, which would write to a real CRM.
     */
    static final class SandboxDirection extends PropertySource<Object> {

        static final String NAME = "sandbox-direction";
        private static final String KEY = "sync.direction";

        /** Not the source object: Boot would take a source that is an environment for one to look into. */
        private final ConfigurableEnvironment environment;

        SandboxDirection(ConfigurableEnvironment environment) {
            super(NAME);
            this.environment = environment;
        }

        @Override
        public Object getProperty(String name) {
            if (!KEY.equals(name) || !sandbox(environment)) {
                return null;
            }
            Object set = setElsewhere();
            return set == null || set.toString().isBlank() ? DIRECTION : null;
        }

        /** The direction the other sources give, in their order (this one and Boot's view of them all left out). */
        private Object setElsewhere() {
            for (PropertySource<?> source : environment.getPropertySources()) {
                if (!(source instanceof SandboxDirection)
                        && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                    Object value = source.getProperty(KEY);
                    if (value != null) {
                        return value;
                    }
                }
            }
            return null;
        }
    }
}
