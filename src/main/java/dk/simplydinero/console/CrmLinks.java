package dk.simplydinero.console;

import org.springframework.web.util.UriComponentsBuilder;

/** Links to a record's page in Simply CRM (vtiger's detail view takes the numeric part of the webservice id). */
final class CrmLinks {

    private CrmLinks() {
    }

    /** {@code {url}/index.php?module=Accounts&view=Detail&record=7} for the webservice id {@code 11x7}. */
    static String detail(String crmUrl, String crmModule, String webserviceId) {
        String record = webserviceId.substring(webserviceId.indexOf('x') + 1);
        String base = crmUrl.endsWith("/") ? crmUrl.substring(0, crmUrl.length() - 1) : crmUrl;
        return UriComponentsBuilder.fromUriString(base + "/index.php").queryParam("module", crmModule)
                .queryParam("view", "Detail").queryParam("record", record).build().toUriString();
    }
}
