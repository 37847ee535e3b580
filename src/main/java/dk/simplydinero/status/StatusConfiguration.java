package dk.simplydinero.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The per-side state holders the clients report to, and the clock that dates what they saw. */
@Configuration
public class StatusConfiguration {

    /**
     * The service's clock (UTC): dates the status verdicts and the Dinero change-feed cursors (tests put a clock of
     * their own in, as {@code @Primary}).
     */
    @Bean
    Clock statusClock() {
        return Clock.systemUTC();
    }

    /** The CRM's state: the connection and whether the user may read the change feed (admin). */
    @Bean
    SideState crmState(Clock clock) {
        return new SideState(clock, true);
    }

    @Bean
    SideState dineroState(Clock clock) {
        return new SideState(clock, false);
    }
}
