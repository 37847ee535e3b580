package dk.simplydinero.config;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** Settings {@code console.*}: what the console's pages may keep between views. */
@Validated
@ConfigurationProperties(prefix = "console")
public class ConsoleProperties {

    /**
     * How long Money keeps the Dinero invoices list between page views (0 = not at all): paging then costs only the new
     * page's payments of the request budget; its Refresh link reads the list anew.
     */
    @NotNull
    @DurationMin(seconds = 0, message = "must not be negative (0s keeps nothing)")
    private Duration moneyCache = Duration.ofSeconds(60);

    public Duration getMoneyCache() {
        return moneyCache;
    }

    public void setMoneyCache(Duration moneyCache) {
        this.moneyCache = moneyCache;
    }
}
