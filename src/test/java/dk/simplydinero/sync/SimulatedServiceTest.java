package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link SimulatedService} promises a test class: its simulators in its static field and {@code @BeforeAll}
 * parameters before the service starts, a service on them (the simulators' settings under the class's own), and an
 * {@code ApiClient} that calls that service.
 */
@SimulatedService(properties = {"dinero.rate-window=2s", "sandbox.sync-at-start=false"})
class SimulatedServiceTest {

    static SimulatedSides sides;

    @Autowired
    Environment service;

    @BeforeAll
    static void seed(SimulatedSides given) {
        assertThat(given).isSameAs(sides);
        assertThat(sides.crm.requestLog().count()).as("the service has not started").isZero();
    }

    @Test
    void theServiceRunsOnTheClassSimulatorsWithTheClassSettingsOnTop(ApiClient api) {
        assertThat(service.getProperty("sandbox.enabled")).isEqualTo("false");
        assertThat(service.getProperty("simplycrm.url")).isEqualTo(sides.crm.baseUrl());
        assertThat(service.getProperty("dinero.api-url")).isEqualTo(sides.dinero.baseUrl());
        assertThat(service.getProperty("dinero.rate-window")).as("the class's own setting wins").isEqualTo("2s");

        ApiClient.Answer status = api.get("/api/status");

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/crm/status").asText()).isEqualTo("green");
        assertThat(sides.crm.requestLog().countOperation("login")).as("the service logged in to this CRM").isPositive();
    }
}
