package dk.simplydinero.mapping;

import java.util.Optional;

/** The ISO 4217 code ({@code currency_code}) of a record of the CRM's Currency module, e.g. {@code 27x1} → DKK. */
@FunctionalInterface
public interface CurrencyLookup {

    Optional<String> isoCode(String crmCurrencyId);
}
