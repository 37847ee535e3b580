package dk.simplydinero.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Connection state of one side (Simply CRM or Dinero) as {@code GET /api/status} shows it:
 * green when a real login/token call and one read succeeded, red with the reason otherwise.
 * The message never contains a secret.
 */
public record SideStatus(String status, String message) {

    public static SideStatus green(String message) {
        return new SideStatus("green", message);
    }

    public static SideStatus red(String message) {
        return new SideStatus("red", message);
    }

    @JsonIgnore
    public boolean isGreen() {
        return "green".equals(status);
    }
}
