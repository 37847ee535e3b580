package dk.simplydinero.sandbox;

import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code sandbox.enabled=true}: both simulators run in-process on loopback (with demo data), and the
 * clients are pointed at them (see {@code CrmConfiguration}, {@code DineroConfiguration}). Credentials are
 * not overridden: the shipped settings hold the simulators' demo credentials, so a wrong key is as wrong
 * here as against the real service.
 */
@Configuration
@ConditionalOnProperty(name = "sandbox.enabled", havingValue = "true")
public class SandboxConfiguration {

    @Bean(destroyMethod = "close")
    CrmSimulator crmSimulator(SandboxProperties sandbox) {
        CrmSimulator simulator = new CrmSimulator();
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
