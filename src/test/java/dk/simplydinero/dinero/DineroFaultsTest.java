package dk.simplydinero.dinero;

import dk.simplydinero.model.DineroResource;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class DineroFaultsTest {

    private DineroSimulator sim;
    private DineroClient client;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
        client = DineroFixtures.client(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aShareOf5xxOnReadsIsSurvived() {
        List<String> guids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            guids.add(sim.putContact(DineroFixtures.contact("Kunde " + i)));
        }
        client.tokenSource().token();
        sim.faults().seed(7).serverErrorShare(0.15);

        for (String guid : guids) {
            assertThat(client.getContact(guid)).containsEntry("ContactGuid", guid);
        }
        assertThat(client.list(DineroResource.CONTACTS, ListQuery.all().pageSize(10))).hasSize(30);
        assertThat(sim.faults().serverErrors()).isPositive();
    }

    @Test
    void droppedConnectionsAndSlowAnswersOnReadsAreSurvived() {
        DineroProperties p = DineroFixtures.props(sim);
        p.setTimeout(Duration.ofMillis(500));
        DineroClient impatient = new DineroClient(p, new DineroRateLimiter(100, Duration.ofMinutes(1)))
                .transientBackoff(Duration.ofMillis(10));
        String guid = sim.putContact(DineroFixtures.contact("Ærø Færgeservice A/S"));
        impatient.tokenSource().token();
        sim.faults().seed(3).dropShare(0.1).slow(0.05, Duration.ofMillis(900));

        for (int i = 0; i < 15; i++) {
            assertThat(impatient.getContact(guid)).containsEntry("Name", "Ærø Færgeservice A/S");
        }
        assertThat(sim.faults().drops() + sim.faults().slowAnswers()).isPositive();
    }

    @Test
    void createsAreNeverRetriedBlindly() {
        client.tokenSource().token();
        sim.faults().serverErrorShare(1.0);
        assertThatThrownBy(() -> client.createContact(DineroFixtures.contact("Én gang ApS")))
                .isInstanceOf(DineroException.Transport.class)
                .satisfies(e -> assertThat(((DineroException) e).isTransient()).isTrue());
        assertThat(sim.requestLog().countOperation("contacts.create")).isEqualTo(1);
        sim.faults().off();
        assertThat(client.createContact(Map.of("Name", "Én gang ApS", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false))).isNotBlank();
    }
}
