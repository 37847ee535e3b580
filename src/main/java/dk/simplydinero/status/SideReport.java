package dk.simplydinero.status;

import dk.simplydinero.model.SideReason;
import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One side in {@code GET /api/status} and the health details: {@code status} and {@code message} as
 * {@link SideStatus}, the reason's {@code code} (a {@link SideReason}; its parameters for the console only), plus
 * when that was seen ({@code checkedAt}, ISO-8601 UTC), its age in seconds and in words ({@code "checked 3 min ago"}). Never checked: the time fields are null and {@code checked} says so.
 */
public record SideReport(String status, String message, String code, @JsonIgnore List<String> args, String checkedAt,
                         Long ageSeconds, String checked) {

    static SideReport of(SideState.Known known, Instant now) {
        long age = Math.max(0, Duration.between(known.at(), now).toSeconds());
        SideStatus status = known.status();
        return new SideReport(status.status(), status.message(), status.reason().name(), status.args(),
                known.at().toString(), age, "checked " + inWords(age) + " ago");
    }

    static SideReport neverChecked(SideStatus status) {
        return new SideReport(status.status(), status.message(), status.reason().name(), status.args(), null, null,
                "not checked yet");
    }

    /** The key of the reason's text in the console's bundles ({@code reason.<code>}). */
    @JsonIgnore
    public String reasonKey() {
        return SideReason.valueOf(code).key();
    }

    /** The reason's parameters, as the console's message source takes them. */
    @JsonIgnore
    public Object[] reasonArgs() {
        return args.toArray();
    }

    @JsonIgnore
    public boolean isGreen() {
        return "green".equals(status);
    }

    static String inWords(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " days";
    }
}
