package dk.simplydinero.mapping;

import dk.simplydinero.contacts.Contacts;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.invoices.Invoices;
import dk.simplydinero.organizations.Organizations;
import dk.simplydinero.products.Products;

import java.util.List;

/** The four record types as the application declares them, for tests of what reads only the types. */
public final class TestRecordTypes {

    private TestRecordTypes() {
    }

    public static RecordTypes of(SimplyCrmProperties crm, DineroProperties dinero) {
        return new RecordTypes(List.of(new Organizations(crm), new Contacts(), new Products(dinero), new Invoices()));
    }

    /** With {@code simplycrm.vat-field} = {@code vatField} and the default sales account. */
    public static RecordTypes withVatField(String vatField) {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField(vatField);
        return of(crm, new DineroProperties());
    }
}
