package dk.simplydinero.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Arrays;
import java.util.List;

/**
 * Connection state of one side (Simply CRM or Dinero) as {@code GET /api/status} shows it:
 * green when a real login/token call and one read succeeded, red with the reason otherwise. The reason is a
 * {@link SideReason} with its parameters (each reader words it in its language) and {@code message}, its English text.
 * The message never contains a secret.
 */
public record SideStatus(String status, String message, SideReason reason, @JsonIgnore List<String> args) {

    public static SideStatus green(SideReason reason, Object... args) {
        return of("green", reason, args);
    }

    public static SideStatus red(SideReason reason, Object... args) {
        return of("red", reason, args);
    }

    private static SideStatus of(String status, SideReason reason, Object... args) {
        // Parameters as text: MessageFormat would write a number as 247,519.
        List<String> text = texts(args);
        return new SideStatus(status, reason.english(text), reason, text);
    }

    /** Whether this is the green status {@code reason} with {@code args} would make (without wording it again). */
    boolean isGreen(SideReason reason, Object... args) {
        return isGreen() && this.reason == reason && this.args.equals(texts(args));
    }

    private static List<String> texts(Object... args) {
        return Arrays.stream(args).map(String::valueOf).toList();
    }

    @JsonIgnore
    public boolean isGreen() {
        return "green".equals(status);
    }
}
