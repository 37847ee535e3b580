package dk.simplydinero.mapping;

import java.util.Optional;

/** The CRM Currency record ({@code currency_id}, e.g. {@code 21x1}) for an ISO 4217 code such as {@code DKK}. */
@FunctionalInterface
public interface CrmCurrencyLookup {

    Optional<String> crmCurrencyId(String isoCode);
}
