package dk.simplydinero.sandbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings {@code sandbox.*}: the built-in simulators of both APIs. */
@Validated
@ConfigurationProperties(prefix = "sandbox")
public class SandboxProperties {

    /** Start the simulators and point both clients at them. */
    private boolean enabled;

    /** Port of the Simply CRM simulator; 0 = any free port. */
    @Min(0)
    @Max(65535)
    private int crmPort;

    /** Port of the Dinero simulator; 0 = any free port. */
    @Min(0)
    @Max(65535)
    private int dineroPort;

    /** Fill both simulators with demo data at start. */
    private boolean seed = true;

    /** Run one sync right after start, to show the service working. */
    private boolean syncAtStart = true;

    public boolean isSyncAtStart() {
        return syncAtStart;
    }

    public void setSyncAtStart(boolean syncAtStart) {
        this.syncAtStart = syncAtStart;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getCrmPort() {
        return crmPort;
    }

    public void setCrmPort(int crmPort) {
        this.crmPort = crmPort;
    }

    public int getDineroPort() {
        return dineroPort;
    }

    public void setDineroPort(int dineroPort) {
        this.dineroPort = dineroPort;
    }

    public boolean isSeed() {
        return seed;
    }

    public void setSeed(boolean seed) {
        this.seed = seed;
    }
}
