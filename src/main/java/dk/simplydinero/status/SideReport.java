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

    /** The units of an age in words (English; the console's bundles have {@code connection.ago.<unit>}). */
    private static final String[] AGE_UNITS = {"s", "min", "h", "days"};

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
        long[] age = ago(seconds);
        return age[0] + " " + AGE_UNITS[(int) age[1]];
    }

    /** An age as {amount, unit index into {@link #AGE_UNITS}}: the one rounding the API and the console share. */
    private static long[] ago(long seconds) {
        if (seconds < 60) {
            return new long[] {seconds, 0};
        }
        if (seconds < 3600) {
            return new long[] {seconds / 60, 1};
        }
        if (seconds < 48 * 3600) {
            return new long[] {seconds / 3600, 2};
        }
        return new long[] {seconds / 86400, 3};
    }

    /** The console's message key for when it was checked ({@code connection.ago.<unit>}); null when never checked. */
    @JsonIgnore
    public String agoKey() {
        return ageSeconds == null ? null : "connection.ago." + AGE_UNITS[(int) ago(ageSeconds)[1]];
    }

    /** The amount {@link #agoKey()}'s text takes. */
    @JsonIgnore
    public long agoAmount() {
        return ageSeconds == null ? 0 : ago(ageSeconds)[0];
    }
}
