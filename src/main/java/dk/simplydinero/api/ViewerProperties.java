package dk.simplydinero.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings {@code security.viewer.*}: an optional second, read-only user (role {@link Roles#VIEWER}) beside the
 * {@code spring.security.user}. It sees the console and every GET of the API; starting a run, retrying and reloading
 * the mapping are refused (403). Checked in {@link SecurityConfiguration#users}.
 */
@ConfigurationProperties(prefix = "security.viewer")
public class ViewerProperties {

    /** Login name; empty: there is no viewer. */
    private String name = "";

    /** Its password (required with a name); {@code {bcrypt}…} and other encoded forms are taken as they are. */
    private String password = "";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }
}
