package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the Quartz route {@code sync-schedule} (routes/sync.yaml) when {@code sync.mode=automatic}; in manual
 * mode it stays stopped and only REST calls start runs.
 */
@Configuration
public class SyncSchedule {

    private static final Logger log = LoggerFactory.getLogger(SyncSchedule.class);

    @Bean
    CamelContextConfiguration startScheduleWhenAutomatic(SyncProperties settings) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                if (settings.getMode() == SyncProperties.Mode.AUTOMATIC) {
                    try {
                        camelContext.getRouteController().startRoute("sync-schedule");
                        log.info("Automatic sync on cron '{}'", settings.getCron());
                    } catch (Exception e) {
                        throw new IllegalStateException("Cannot start the sync schedule: " + e.getMessage(), e);
                    }
                }
            }
        };
    }
}
