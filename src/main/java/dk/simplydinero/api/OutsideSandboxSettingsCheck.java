package dk.simplydinero.api;

import dk.simplydinero.config.InvalidSettingsException;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Outside the sandbox the REST API and Hawtio reach real customer and accounting data, and the clients a real CRM:
 * the service does not start without a password of its own for their user (not none, not the shipped sandbox one;
 * for the optional viewer too)
 * nor with the shipped placeholder CRM address, nor without the service's public address when the CRM is to link
 * receipts (only the operator knows how the CRM's users reach the service). One line per problem; the password is
 * never shown.
 */
@Component
@ConditionalOnProperty(name = "sandbox.enabled", havingValue = "false", matchIfMissing = true)
public class OutsideSandboxSettingsCheck implements InitializingBean {

    /** The password application.properties ships for the sandbox: public, so no guard for real data. */
    static final String SHIPPED_PASSWORD = "sandbox";

    private final SecurityProperties security;
    private final ViewerProperties viewer;
    private final SimplyCrmProperties crm;
    private final SyncProperties sync;

    public OutsideSandboxSettingsCheck(SecurityProperties security, ViewerProperties viewer, SimplyCrmProperties crm,
                                       SyncProperties sync) {
        this.security = security;
        this.viewer = viewer;
        this.crm = crm;
        this.sync = sync;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> lines = new ArrayList<>();
        if (SimplyCrmProperties.PLACEHOLDER_URL.equalsIgnoreCase(stripSlash(crm.getUrl()))) {
            lines.add("Invalid setting simplycrm.url='" + crm.getUrl() + "': is the shipped placeholder;"
                    + " set your CRM's address when sandbox.enabled=false");
        }
        String password = security.getUser().getPassword();
        if (password == null || password.isBlank() || security.getUser().isPasswordGenerated()) {
            lines.add("Invalid setting spring.security.user.password: must be set (not empty) when"
                    + " sandbox.enabled=false; it guards /api/** and Hawtio");
        } else if (SHIPPED_PASSWORD.equals(password)) {
            lines.add("Invalid setting spring.security.user.password: is the shipped sandbox password;"
                    + " set your own when sandbox.enabled=false, it guards /api/** and Hawtio");
        }
        // The viewer reads the same data; an empty viewer password is refused where the users are made.
        if (!viewer.getName().isEmpty() && SHIPPED_PASSWORD.equals(viewer.getPassword())) {
            lines.add("Invalid setting security.viewer.password: is the shipped sandbox password;"
                    + " set your own when sandbox.enabled=false, it guards /api/** and the console");
        }
        if (sync.getReceipts() != SyncProperties.Receipts.OFF
                && (sync.getPublicUrl() == null || sync.getPublicUrl().isBlank())) {
            lines.add("Invalid setting sync.public-url: must be set when sync.receipts is not off and"
                    + " sandbox.enabled=false; the service's address as the CRM's users reach it, e.g."
                    + " https://sync.example.dk (receipt links are <public-url>/api/invoices/<crmId>/pdf)");
        }
        if (!lines.isEmpty()) {
            throw new InvalidSettingsException(lines);
        }
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
