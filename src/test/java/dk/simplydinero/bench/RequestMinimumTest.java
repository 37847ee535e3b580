package dk.simplydinero.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The minimum request counts the benchmark divides by, worked out by hand from the APIs' paging rules. */
class RequestMinimumTest {

    @Test
    void pagesOfEachApi() {
        assertThat(RequestMinimum.crmPages(0)).isEqualTo(1);
        assertThat(RequestMinimum.crmPages(100)).isEqualTo(1);
        assertThat(RequestMinimum.crmPages(101)).isEqualTo(2);
        assertThat(RequestMinimum.dineroPages(0)).isEqualTo(1);
        assertThat(RequestMinimum.dineroPages(999)).isEqualTo(1);
        assertThat(RequestMinimum.dineroPages(1000)).isEqualTo(2); // a full page does not prove the end
    }

    @Test
    void initialCrmToDinero() {
        // CRM: login 2 + feeds Accounts 2, Contacts 5, Products 1, Invoice 3 + 300 retrieves = 313;
        // Dinero: token 1 + empty contacts and products lists 2 + 150 + 450 + 100 + 300 creates = 1003
        RequestMinimum.Minimum m = RequestMinimum.initial("crm-to-dinero", new Counts(150, 450, 100, 300), Counts.NONE);
        assertThat(m).isEqualTo(new RequestMinimum.Minimum(313, 1003));
    }

    @Test
    void initialDineroToCrm() {
        // Dinero: token 1 + contacts (600 rows) 1 + products 1 + invoices 1 + 300 invoice GETs (lists hold no lines)
        // + credit notes 1 (issue 14.3) = 305;
        // CRM: login 2 + empty Accounts, Contacts, Products 3 + 1000 creates = 1005
        RequestMinimum.Minimum m = RequestMinimum.initial("dinero-to-crm", Counts.NONE, new Counts(150, 450, 100, 300));
        assertThat(m).isEqualTo(new RequestMinimum.Minimum(1005, 305));
    }

    @Test
    void initialBoth() {
        // CRM: 2 + feeds 1+1+1+1 + 10 retrieves + 20 creates = 36;
        // Dinero: 1 + lists 1+1+1 + credit notes 1 (issue 14.3) + 6 invoice GETs + 40 creates = 51
        RequestMinimum.Minimum m = RequestMinimum.initial("both", new Counts(6, 18, 6, 10), new Counts(3, 9, 2, 6));
        assertThat(m).isEqualTo(new RequestMinimum.Minimum(36, 51));
    }

    @Test
    void incrementalAndQuiet() {
        // 2 contacts and 1 invoice edited in the CRM: 4 feeds + 1 retrieve; 3 updates in Dinero
        assertThat(RequestMinimum.later("crm-to-dinero", new Counts(0, 2, 0, 1), Counts.NONE))
                .isEqualTo(new RequestMinimum.Minimum(5, 3));
        // 1 record of each Dinero module: its 3 lists and the credit-note list (issue 14.3); 3 updates in the CRM
        assertThat(RequestMinimum.later("dinero-to-crm", Counts.NONE, new Counts(1, 1, 1, 0)))
                .isEqualTo(new RequestMinimum.Minimum(3, 4));
        // quiet: one feed per module per source side (Dinero: its credit notes are a module too)
        assertThat(RequestMinimum.later("both", Counts.NONE, Counts.NONE)).isEqualTo(new RequestMinimum.Minimum(4, 4));
    }
}
