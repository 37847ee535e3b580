package dk.simplydinero.api;

import dk.simplydinero.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.SecurityProperties;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The users' settings are checked at start: a wrong one stops it with one line naming the key. */
class UserSettingsTest {

    private final SecurityConfiguration configuration = new SecurityConfiguration();

    @Test
    void anUnknownRoleNamesTheKeyAndTheAllowedRoles() {
        SecurityProperties security = security(List.of("admin"));
        assertThatThrownBy(() -> configuration.users(security, new ViewerProperties()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting spring.security.user.roles: 'admin' is not a role; allowed: operator, viewer");
    }

    @Test
    void aViewerNeedsAPasswordAndANameOfItsOwn() {
        ViewerProperties noPassword = viewer("reader", "");
        assertThatThrownBy(() -> configuration.users(security(List.of("operator")), noPassword))
                .hasMessageStartingWith("Invalid setting security.viewer.password: must be set");
        ViewerProperties sameName = viewer("admin", "pw");
        assertThatThrownBy(() -> configuration.users(security(List.of("operator")), sameName))
                .hasMessageStartingWith("Invalid setting security.viewer.name: 'admin' is already spring.security.user.name");
    }

    @Test
    void theViewerHasTheViewerRoleOnly() {
        var users = configuration.users(security(List.of("operator")), viewer("reader", "pw"));
        assertThat(users.loadUserByUsername("reader").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_viewer");
        assertThat(users.loadUserByUsername("admin").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_operator");
    }

    private static SecurityProperties security(List<String> roles) {
        SecurityProperties security = new SecurityProperties();
        security.getUser().setName("admin");
        security.getUser().setPassword("pw");
        security.getUser().setRoles(roles);
        return security;
    }

    private static ViewerProperties viewer(String name, String password) {
        ViewerProperties viewer = new ViewerProperties();
        viewer.setName(name);
        viewer.setPassword(password);
        return viewer;
    }
}
