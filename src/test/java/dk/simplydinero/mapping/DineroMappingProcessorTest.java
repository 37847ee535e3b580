package dk.simplydinero.mapping;

import dk.simplydinero.contacts.DineroPersonMappingTest;
import dk.simplydinero.organizations.DineroCompanyMappingTest;
import dk.simplydinero.products.DineroProductMappingTest;
import dk.simplydinero.invoices.DineroInvoiceMappingTest;
import dk.simplydinero.organizations.DineroCompanyMapping;
import dk.simplydinero.contacts.DineroPersonMapping;
import dk.simplydinero.products.DineroProductMapping;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
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

class DineroMappingProcessorTest {

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

    private DineroInvoiceMapping invoiceMapping() {
        return new DineroInvoiceMapping(new SyncProperties(), new SimplyCrmProperties(),
                (module, dineroId) -> Optional.of("crm-" + dineroId), iso -> Optional.of("21x1"));
    }

    @Test
    void companyMappingProcessesTheBody() throws Exception {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField("cf_853");
        Exchange exchange = exchangeWith(DineroCompanyMappingTest.faerge());

        new DineroCompanyMapping(crm).process(exchange);

        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("accountname", "Ærø Færgeservice A/S")
                .containsEntry("bill_country", "Denmark")
                .containsEntry("cf_853", "18273645");
    }

    @Test
    void personMappingProcessesTheBody() throws Exception {
        Exchange exchange = exchangeWith(DineroPersonMappingTest.soeren());
        new DineroPersonMapping().process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("firstname", "Søren").containsEntry("lastname", "Ærbøl");
    }

    @Test
    void productMappingProcessesTheBody() throws Exception {
        Exchange exchange = exchangeWith(DineroProductMappingTest.planke());
        new DineroProductMapping().process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("unit_price", "189.95").containsEntry("usageunit", "M");
    }

    @Test
    void invoiceMappingTakesThePaymentsFromAnExchangeProperty() throws Exception {
        Exchange exchange = exchangeWith(DineroInvoiceMappingTest.toemrer());
        exchange.setProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, DineroInvoiceMappingTest.payments(
                new BigDecimal("1000"), new BigDecimal("16519.18"), 1000));

        invoiceMapping().process(exchange);

        @SuppressWarnings("unchecked")
        Map<String, Object> crm = exchange.getMessage().getBody(Map.class);
        assertThat(crm).containsEntry("account_id", "crm-" + DineroInvoiceMappingTest.TRAE)
                .containsEntry("received", "1000").containsEntry("balance", "16519.18");
        assertThat((List<?>) crm.get("LineItems")).hasSize(3);
    }

    @Test
    void invoiceMappingWithoutPaymentsProperty() throws Exception {
        Exchange exchange = exchangeWith(DineroInvoiceMappingTest.toemrer());
        invoiceMapping().process(exchange);
        assertThat(exchange.getMessage().getBody(Map.class))
                .containsEntry("received", "0").containsEntry("balance", "17519.18");
    }

    @Test
    void aPaymentsPropertyThatIsNoRecordIsRefused() {
        Exchange exchange = exchangeWith(DineroInvoiceMappingTest.toemrer());
        exchange.setProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, "1000");
        assertThatThrownBy(() -> invoiceMapping().process(exchange))
                .isInstanceOf(DineroMappingException.class).hasMessageContaining(DineroInvoiceMapping.PAYMENTS_PROPERTY);
    }

    @Test
    void aBodyThatIsNoRecordIsRefused() {
        assertThatThrownBy(() -> new DineroPersonMapping().process(exchangeWith("716a3105")))
                .isInstanceOf(DineroMappingException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> new DineroProductMapping().process(exchangeWith(null)))
                .isInstanceOf(MappingException.class).hasMessageContaining("nothing");
    }

    @Test
    void anUnlinkedDependencyLeavesTheBodyAsItWas() {
        Map<String, Object> invoice = DineroInvoiceMappingTest.toemrer();
        Exchange exchange = exchangeWith(invoice);
        DineroInvoiceMapping unlinked = new DineroInvoiceMapping(new SyncProperties(), new SimplyCrmProperties(),
                (module, dineroId) -> Optional.empty(), iso -> Optional.of("21x1"));
        assertThatThrownBy(() -> unlinked.process(exchange)).isInstanceOf(UnlinkedDineroDependencyException.class);
        assertThat(exchange.getMessage().getBody()).isSameAs(invoice);
    }
}
