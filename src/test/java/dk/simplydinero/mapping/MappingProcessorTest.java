package dk.simplydinero.mapping;

import dk.simplydinero.contacts.ContactMappingTest;
import dk.simplydinero.organizations.OrganizationMappingTest;
import dk.simplydinero.products.ProductMappingTest;
import dk.simplydinero.invoices.InvoiceMappingTest;
import dk.simplydinero.organizations.OrganizationMapping;
import dk.simplydinero.contacts.ContactMapping;
import dk.simplydinero.products.ProductMapping;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingProcessorTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private Exchange exchangeWith(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void organizationMappingProcessesTheBody() throws Exception {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField("cf_853");
        Exchange exchange = exchangeWith(OrganizationMappingTest.oestergaard());

        new OrganizationMapping(crm).process(exchange);

        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("ExternalReference", "11x3")
                .containsEntry("Name", "Østergaard & Søn ApS")
                .containsEntry("VatNumber", "DK12345678");
    }

    @Test
    void contactMappingProcessesTheBody() throws Exception {
        Exchange exchange = exchangeWith(ContactMappingTest.aase());
        new ContactMapping().process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class)).containsEntry("Name", "Åse Lærkesen");
    }

    @Test
    void productMappingProcessesTheBody() throws Exception {
        Exchange exchange = exchangeWith(ProductMappingTest.kaffe());
        new ProductMapping(new DineroProperties()).process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("BaseAmountValue", new BigDecimal("189.5"))
                .containsEntry("AccountNumber", 1000);
    }

    @Test
    void invoiceMappingProcessesTheBody() throws Exception {
        Exchange exchange = exchangeWith(InvoiceMappingTest.raadgivning());
        InvoiceMapping mapping = new InvoiceMapping(new SyncProperties(), new DineroProperties(),
                (module, id) -> Optional.of("guid-" + id), id -> Optional.of("DKK"));

        mapping.process(exchange);

        @SuppressWarnings("unchecked")
        Map<String, Object> dinero = exchange.getMessage().getBody(Map.class);
        assertThat(dinero).containsEntry("ContactGuid", "guid-11x3").containsEntry("ExternalReference", "9x21");
        assertThat((List<?>) dinero.get("ProductLines")).hasSize(2);
    }

    @Test
    void aBodyThatIsNoRecordIsRefused() {
        assertThatThrownBy(() -> new ContactMapping().process(exchangeWith("12x7")))
                .isInstanceOf(MappingException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> new ContactMapping().process(exchangeWith(null)))
                .isInstanceOf(MappingException.class).hasMessageContaining("nothing");
    }
}
