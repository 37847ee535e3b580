package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Hawtio's route list shows after a sync: one route per module and direction (and per module its record routes
 * and priority aggregator), named by module, with the exchanges of the run on the ones sync.direction takes.
 */
@SimulatedService(properties = "sandbox.sync-at-start=false")
class SyncRouteIdsTest {

    static SimulatedSides sides;

    @Autowired
    CamelContext camel;

    @Test
    void afterASyncHawtioListsOneRoutePerModuleAndDirectionWithItsExchanges(ApiClient api) {
        String organization = sides.crm.put("Accounts", CrmRecordsInDinero.organization(1));
        String contact = sides.crm.put("Contacts", CrmRecordsInDinero.contact(1));

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        List<String> ids = camel.getRoutes().stream().map(Route::getRouteId).toList();
        assertThat(ids).contains(
                "organizations-crm-to-dinero", "contacts-crm-to-dinero", "products-crm-to-dinero", "invoices-crm-to-dinero",
                "organizations-crm-record-to-dinero", "contacts-crm-record-to-dinero", "products-crm-record-to-dinero",
                "invoices-crm-record-to-dinero",
                "organizations-dinero-to-crm", "contacts-dinero-to-crm", "products-dinero-to-crm", "invoices-dinero-to-crm",
                "organizations-dinero-record-to-crm", "contacts-dinero-record-to-crm", "products-dinero-record-to-crm",
                "invoices-dinero-record-to-crm",
                "organizations-both-ways", "contacts-both-ways", "products-both-ways", "invoices-both-ways",
                "organizations-pair-by-priority", "contacts-pair-by-priority", "products-pair-by-priority",
                "invoices-pair-by-priority",
                "sync-run", "sync-schedule");
        assertThat(ids).as("no generic route left that a header steers").doesNotContain("crm-to-dinero",
                "crm-record-to-dinero", "dinero-to-crm", "dinero-record-to-crm", "both-ways", "pair-by-priority");

        // The run (sync.direction=crm-to-dinero) went through each module's CRM → Dinero route once, and through the
        // record routes once per record; not through the other direction's routes.
        assertThat(exchanges("organizations-crm-to-dinero")).isEqualTo(1);
        assertThat(exchanges("contacts-crm-to-dinero")).isEqualTo(1);
        assertThat(exchanges("products-crm-to-dinero")).isEqualTo(1);
        assertThat(exchanges("invoices-crm-to-dinero")).isEqualTo(1);
        assertThat(exchanges("organizations-crm-record-to-dinero")).isEqualTo(1);
        assertThat(exchanges("contacts-crm-record-to-dinero")).isEqualTo(1);
        assertThat(exchanges("products-crm-record-to-dinero")).isZero();
        assertThat(exchanges("contacts-dinero-to-crm")).isZero();
        assertThat(exchanges("contacts-both-ways")).isZero();
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, organization)).hasSize(1);
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, contact)).hasSize(1);
    }

    private long exchanges(String routeId) {
        ManagedRouteMBean route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId);
        assertThat(route).as("route " + routeId + " in JMX").isNotNull();
        return route.getExchangesTotal();
    }
}
