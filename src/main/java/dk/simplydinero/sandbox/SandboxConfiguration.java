package dk.simplydinero.sandbox;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code sandbox.enabled=true}: both simulators run in-process on loopback (with demo data), and the
 * clients' URL settings point at them (set here, once the settings are bound: the clients do not know). Credentials are
 * not overridden: the shipped settings hold the simulators' demo credentials, so a wrong key is as wrong
 * here as against the real service.
 */
@Configuration
@ConditionalOnProperty(name = "sandbox.enabled", havingValue = "true")
public class SandboxConfiguration {

    /**
     * The simulators start with fresh demo data on every start, so what the store remembers of an earlier start
     * (links to records that no longer exist, cursors) would be wrong: it is forgotten. Run history stays.
     */
    @EventListener(ApplicationStartedEvent.class)
    public void forgetTheLastSandbox(ApplicationStartedEvent event) {
        JdbcClient jdbc = event.getApplicationContext().getBean(JdbcClient.class);
        for (String table : List.of("sync_link", "sync_cursor", "sync_failure", "sync_pending_create", "sync_receipt",
                "sync_receipt_link")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    /**
     * An empty {@code sync.public-url} (required outside the sandbox) becomes the service's own address on loopback
     * once its web server is bound (port 0 = any free one is known only then): receipt links open from this machine.
     */
    @EventListener(WebServerInitializedEvent.class)
    public void publicUrlIsTheBoundAddress(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a separate management server's port is not the service's address
        }
        SyncProperties sync = event.getApplicationContext().getBean(SyncProperties.class);
        if (sync.getPublicUrl() == null || sync.getPublicUrl().isBlank()) {
            sync.setPublicUrl("http://localhost:" + event.getWebServer().getPort());
        }
    }

    /**
     * The CRM's and Dinero's URL settings become the simulators' (started here on their ports, 0 = any free one)
     * once the settings are bound, before any client reads them.
     */
    @Bean
    static BeanPostProcessor urlsOfTheSimulators(ObjectProvider<CrmSimulator> crm, ObjectProvider<DineroSimulator> dinero) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SimplyCrmProperties settings) {
                    settings.setUrl(crm.getObject().baseUrl());
                } else if (bean instanceof DineroProperties settings) {
                    String url = dinero.getObject().baseUrl();
                    settings.setApiUrl(url);
                    settings.setAuthUrl(url + DineroSimulator.TOKEN_PATH);
                }
                return bean;
            }
        };
    }

    @Bean(destroyMethod = "close")
    CrmSimulator crmSimulator(SandboxProperties sandbox) {
        CrmSimulator simulator = new CrmSimulator();
        // the demo CRM lets comments sit on invoices, as an admin's addWidgetTo does (stock vtiger does not)
        simulator.commentsOnInvoice(true);
        if (sandbox.isSeed()) {
            simulator.seedDemoData();
        }
        simulator.start(sandbox.getCrmPort());
        return simulator;
    }

    @Bean(destroyMethod = "close")
    DineroSimulator dineroSimulator(SandboxProperties sandbox) {
        DineroSimulator simulator = new DineroSimulator();
        if (sandbox.isSeed()) {
            simulator.seedDemoData();
        }
        simulator.start(sandbox.getDineroPort());
        return simulator;
    }
}
