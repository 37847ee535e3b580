package dk.simplydinero.bench;

/**
 * The fewest requests the two APIs allow for a run (docs/simplycrm-api.md, docs/dinero-api.md), against which the
 * benchmark puts the requests the service really made. A lower bound, deliberately generous to no one:
 *
 * <ul>
 *   <li><b>Sessions.</b> CRM: {@code getchallenge} + {@code login} = 2; Dinero: 1 token request. Both last far longer
 *       than a run (a token an hour), so only a service's first run pays them; later runs reuse them.</li>
 *   <li><b>Reads.</b> CRM: the change feed ({@code sync}) pages about 100 records and says when there are
 *       {@code more}: ⌈n / 100⌉ calls, at least 1. It has no line items and {@code SELECT *} on Invoice does not
 *       return them either, so each CRM invoice read is one {@code retrieve}. Dinero: lists of up to 1000 per page
 *       ({@code pageSize} maximum), and only a short page proves the end: ⌊n / 1000⌋ + 1 calls. Invoice list rows hold
 *       no lines (the list's {@code fields} are Number, Guid, ExternalReference, ContactName, ContactGuid, Date,
 *       PaymentDate, Description, Currency, Status, MailOutStatus, LatestMailOutType, the four totals and the three
 *       times, per Dinero's API reference), so each Dinero invoice read is one GET; draft invoices have no payments to
 *       read. Dinero contacts hold both CRM organizations and CRM contacts: one list.</li>
 *   <li><b>Lookups on the target.</b> A first contact must not duplicate what the other side already holds, so the
 *       target's modules with a natural key (CRM: Accounts, Contacts, Products; Dinero: contacts, products) are read
 *       once per run; an invoice is new by its link. In direction both the source reads are those lookups.</li>
 *   <li><b>Writes.</b> One create per new record (an invoice with its lines is one create on both sides), one
 *       update per changed one.</li>
 * </ul>
 */
final class RequestMinimum {

    static final int CRM_SESSION = 2;
    static final int DINERO_SESSION = 1;
    static final int CRM_PAGE = 100;
    static final int DINERO_PAGE = 1000;

    /** The CRM modules a run reads: Accounts, Contacts, Products, Invoice. */
    static final int CRM_MODULES = 4;
    /** The CRM modules a first contact is looked up in: Accounts, Contacts, Products. */
    static final int CRM_LOOKUP_MODULES = 3;
    /**
     * The Dinero lists a run reads: contacts, products, invoices, and credit notes (issue 14.3: with
     * {@code sync.credit-notes} on, the default, a run that reads Dinero must list them to learn of a booked one).
     */
    static final int DINERO_LISTS = 4;
    /** The modules a run reading Dinero counts: the CRM's four and {@code creditnotes}, which has no CRM module. */
    static final int DINERO_MODULES = CRM_MODULES + 1;

    /** The minimum on each side. */
    record Minimum(long crm, long dinero) {
        long total() {
            return crm + dinero;
        }
    }

    private RequestMinimum() {
    }

    static long crmPages(long rows) {
        return Math.max(1, (rows + CRM_PAGE - 1) / CRM_PAGE);
    }

    static long dineroPages(long rows) {
        return rows / DINERO_PAGE + 1;
    }

    /** One run's reads of the CRM: its four modules' change feeds holding {@code changed}, and each invoice's lines. */
    private static long crmRead(Counts changed) {
        return crmPages(changed.organizations()) + crmPages(changed.contacts()) + crmPages(changed.products())
                + crmPages(changed.invoices()) + changed.invoices();
    }

    /**
     * One run's reads of Dinero: its lists holding {@code changed} (organizations and contacts are contacts), each
     * invoice's lines, and the credit-note list (none changed in a benchmark: one page).
     */
    private static long dineroRead(Counts changed) {
        return dineroPages(changed.organizations() + changed.contacts()) + dineroPages(changed.products())
                + dineroPages(changed.invoices()) + changed.invoices() + dineroPages(0);
    }

    /**
     * An initial run in {@code direction} (crm-to-dinero, dinero-to-crm, both) of a service's first start, with
     * {@code crm} and {@code dinero} the records each side holds and none of them linked yet (the other side of a
     * one-way run is empty, so its lookup reads one page each).
     */
    static Minimum initial(String direction, Counts crm, Counts dinero) {
        return switch (direction) {
            case "crm-to-dinero" -> new Minimum(CRM_SESSION + crmRead(crm),
                    DINERO_SESSION + dineroPages(dinero.organizations() + dinero.contacts())
                            + dineroPages(dinero.products()) + crm.total());
            case "dinero-to-crm" -> new Minimum(CRM_SESSION + crmPages(crm.organizations())
                    + crmPages(crm.contacts()) + crmPages(crm.products()) + dinero.total(),
                    DINERO_SESSION + dineroRead(dinero));
            case "both" -> new Minimum(CRM_SESSION + crmRead(crm) + dinero.total(),
                    DINERO_SESSION + dineroRead(dinero) + crm.total());
            default -> throw new IllegalArgumentException("direction " + direction);
        };
    }

    /**
     * A later run of the same service in {@code direction}, after {@code crmEdits} changed records in the CRM and
     * {@code dineroEdits} in Dinero: the source sides' feeds (one page each when few changed), the lines of each
     * changed CRM invoice, one update per changed record on the other side. No sessions (still valid), no lookups (the
     * records are linked). A quiet run is this with nothing changed.
     */
    static Minimum later(String direction, Counts crmEdits, Counts dineroEdits) {
        return switch (direction) {
            case "crm-to-dinero" -> new Minimum(crmRead(crmEdits), crmEdits.total());
            case "dinero-to-crm" -> new Minimum(dineroEdits.total(), dineroRead(dineroEdits));
            case "both" -> new Minimum(crmRead(crmEdits) + dineroEdits.total(), dineroRead(dineroEdits) + crmEdits.total());
            default -> throw new IllegalArgumentException("direction " + direction);
        };
    }
}
