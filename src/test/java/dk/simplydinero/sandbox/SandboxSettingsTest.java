package dk.simplydinero.sandbox;

import dk.simplydinero.config.SyncProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code sync.direction} is empty: {@code both} in the sandbox (its demo shows payments and receipts,
 * which flow only from Dinero), {@code crm-to-dinero} for a real installation, and a direction a user sets wins.
 */
class SandboxSettingsTest {

    @Test
    void anEmptyDirectionIsBothInTheSandboxAndCrmToDineroOutsideIt() {
        assertThat(direction(Map.of("sandbox.enabled", "true", "sync.direction", "")))
                .isEqualTo(SyncProperties.Direction.BOTH);
        assertThat(direction(Map.of("sandbox.enabled", "false", "sync.direction", "")))
                .isEqualTo(SyncProperties.Direction.CRM_TO_DINERO);
        assertThat(direction(Map.of("sandbox.enabled", "true", "sync.direction", "crm-to-dinero")))
                .isEqualTo(SyncProperties.Direction.CRM_TO_DINERO);
        assertThat(direction(Map.of("sandbox.enabled", "true", "sync.direction", "dinero-to-crm")))
                .isEqualTo(SyncProperties.Direction.DINERO_TO_CRM);
    }

    /** Settings added after the start's (a test's, a customizer's) that turn the sandbox off leave no both behind. */
    @Test
    void aSourceAddedLaterThatTurnsTheSandboxOffGetsCrmToDinero() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("shipped",
                Map.of("sandbox.enabled", "true", "sync.direction", "")));
        new SandboxSettings().postProcessEnvironment(environment, new SpringApplication());
        environment.getPropertySources().addFirst(new MapPropertySource("later", Map.of("sandbox.enabled", "false")));
        assertThat(Binder.get(environment).bindOrCreate("sync", SyncProperties.class).getDirection())
                .isEqualTo(SyncProperties.Direction.CRM_TO_DINERO);
    }

    /** sync.direction as the service binds it from these settings after the sandbox's own. */
    private static SyncProperties.Direction direction(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new SandboxSettings().postProcessEnvironment(environment, new SpringApplication());
        return Binder.get(environment).bindOrCreate("sync", SyncProperties.class).getDirection();
    }
}
