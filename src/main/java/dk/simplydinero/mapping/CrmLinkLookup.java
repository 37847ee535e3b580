package dk.simplydinero.mapping;

import dk.simplydinero.model.SyncModule;

import java.util.Optional;

/** The CRM side of a link: which CRM record a Dinero record (ContactGuid, ProductGuid) is linked to, if any. */
@FunctionalInterface
public interface CrmLinkLookup {

    /** The CRM webservice id (e.g. {@code 11x42}) linked to a Dinero id in a module. */
    Optional<String> crmId(SyncModule module, String dineroId);

    /**
     * The invoice customer's address (and, for a CRM contact, its organization) when the caller can tell, e.g. from
     * the CRM record or the Dinero contact; by default unknown, and the invoice falls back to its own
     * {@code Address} or a placeholder.
     */
    default Optional<CrmCustomer> customer(SyncModule module, String crmId) {
        return Optional.empty();
    }

    /**
     * The CRM product for invoice lines without a linked product when {@code simplycrm.fallback-product} is empty:
     * the caller may find or create one; by default there is none and such lines are reported.
     */
    default Optional<String> fallbackProduct() {
        return Optional.empty();
    }

    /**
     * What the CRM knows of an invoice customer. {@code accountId}: for a CRM contact, its organization
     * ({@code account_id}, mandatory on a CRM invoice), else {@code ""}. Address parts as CRM text, {@code ""} when
     * unknown; {@code country} as the CRM shows it (e.g. {@code Denmark}).
     */
    record CrmCustomer(String accountId, String street, String code, String city, String country) {

        public CrmCustomer {
            accountId = accountId == null ? "" : accountId.trim();
            street = street == null ? "" : street.trim();
            code = code == null ? "" : code.trim();
            city = city == null ? "" : city.trim();
            country = country == null ? "" : country.trim();
        }
    }
}
