package dk.simplydinero.status;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** Settings {@code status.*}: how {@code /api/status} and {@code /actuator/health} learn a side's state. */
@Validated
@ConfigurationProperties(prefix = "status")
public class StatusProperties {

    /**
     * Longest age of what is known about a side before a status or health call checks it with one call of its own.
     * Every call of the sync counts as a check too, so during a run none is made.
     */
    @NotNull
    @DurationMin(seconds = 1)
    private Duration checkInterval = Duration.ofMinutes(5);

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }
}
