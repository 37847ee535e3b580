package dk.simplydinero.console;

import dk.simplydinero.api.Roles;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.security.Principal;

/** What every page of the console shows, whichever of its controllers renders it. */
@ControllerAdvice(basePackageClasses = ConsolePages.class)
public class ConsolePages {

    /** Who is logged in, on every page. */
    @ModelAttribute("user")
    public String user(Principal principal) {
        return principal == null ? "" : principal.getName();
    }

    /** Whether this user may press the buttons (the security configuration refuses them to a viewer anyway). */
    @ModelAttribute("operator")
    public boolean operator(HttpServletRequest request) {
        return request.isUserInRole(Roles.OPERATOR);
    }
}
