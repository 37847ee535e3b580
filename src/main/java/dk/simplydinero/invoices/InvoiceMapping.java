package dk.simplydinero.invoices;

import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.LinkLookup;
import dk.simplydinero.mapping.CurrencyLookup;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.CrmToDineroMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.UnlinkedDependencyException.Dependency;
import dk.simplydinero.model.SyncModule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CRM Invoice (as {@code retrieve} returns it, with {@code LineItems}) → Dinero draft invoice (PRODUCT.md 5).
 * The customer and every line product must already be linked to Dinero; otherwise nothing is mapped and an
 * {@link UnlinkedDependencyException} lists all that is missing.
 */
public class InvoiceMapping extends CrmToDineroMapping {

    static final String DEFAULT_CURRENCY = "DKK";
    static final String LANGUAGE = "da-DK";
    /** Decimals of a discount percent derived from a line's discount amount. */
    static final int DERIVED_DISCOUNT_SCALE = 4;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final SyncProperties.InvoiceContact invoiceContact;
    private final int salesAccount;
    private final LinkLookup links;
    private final CurrencyLookup currencies;

    /**
     * @param sync       its {@code invoiceContact} says which CRM record is the customer (the other is the fallback)
     * @param dinero     its {@code salesAccount} is every line's AccountNumber
     * @param links      Dinero ids of linked customers and products
     * @param currencies ISO codes of the CRM's Currency records
     */
    public InvoiceMapping(SyncProperties sync, DineroProperties dinero, LinkLookup links, CurrencyLookup currencies) {
        this(new Invoices(), sync, dinero, links, currencies);
    }

    public InvoiceMapping(Invoices type, SyncProperties sync, DineroProperties dinero, LinkLookup links,
                          CurrencyLookup currencies) {
        super(type);
        this.invoiceContact = sync.getInvoiceContact();
        this.salesAccount = dinero.getSalesAccount();
        this.links = links;
        this.currencies = currencies;
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        CrmRecord r = CrmRecord.of("Invoice", crmRecord);
        Set<Dependency> missing = new LinkedHashSet<>();

        Dependency customer = customer(r);
        Optional<String> contactGuid = links.dineroId(customer.module(), customer.crmId());
        if (contactGuid.isEmpty()) {
            missing.add(customer);
        }

        LocalDate date = r.date("invoicedate");
        LocalDate due = r.date("duedate");
        String currency = currency(r);
        List<Map<String, Object>> productLines = productLines(r, missing);

        if (!missing.isEmpty()) {
            throw new UnlinkedDependencyException(r.id(), new ArrayList<>(missing));
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExternalReference", DineroRules.externalReference(r));
        out.put("ContactGuid", contactGuid.get());
        if (date != null) {
            out.put("Date", date.toString());
        }
        out.put("Currency", currency);
        out.put("Language", LANGUAGE);
        out.put("Description", r.text("subject"));
        if (date != null && due != null && !due.isBefore(date)) {
            out.put("PaymentConditionType", "Netto");
            out.put("PaymentConditionNumberOfDays", Math.toIntExact(ChronoUnit.DAYS.between(date, due)));
        }
        out.put("ProductLines", productLines);
        return out;
    }

    /** The preferred customer reference ({@code sync.invoice-contact}), else the other one. */
    private Dependency customer(CrmRecord r) {
        String account = r.reference("account_id");
        String contact = r.reference("contact_id");
        boolean organizationsFirst = invoiceContact != SyncProperties.InvoiceContact.CONTACTS;
        if (organizationsFirst ? !account.isEmpty() : contact.isEmpty() && !account.isEmpty()) {
            return new Dependency(SyncModule.ORGANIZATIONS, account);
        }
        if (!contact.isEmpty()) {
            return new Dependency(SyncModule.CONTACTS, contact);
        }
        throw r.fail(organizationsFirst ? "account_id" : "contact_id", "the invoice has no customer: both the"
                + " organization (field 'account_id') and the contact (field 'contact_id') are empty");
    }

    private String currency(CrmRecord r) {
        String currencyId = r.reference("currency_id");
        if (currencyId.isEmpty()) {
            return DEFAULT_CURRENCY;
        }
        return currencies.isoCode(currencyId)
                .filter(code -> !code.isBlank())
                .map(code -> DineroRules.currency(r, "currency_id", code))
                .orElseThrow(() -> new MappingException(r.id(), "currency_id", "Invoice " + r.id()
                        + ": currency " + currencyId + " (field 'currency_id') is not a known CRM currency"));
    }

    private List<Map<String, Object>> productLines(CrmRecord r, Set<Dependency> missing) {
        Object items = r.raw("LineItems");
        List<Map<String, ?>> lines = new ArrayList<>();
        if (items instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m)) {
                    throw new MappingException(r.id(), "LineItems", "Invoice " + r.id()
                            + ": a line item (field 'LineItems') is not a record: " + item);
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> line = (Map<String, ?>) m;
                lines.add(line);
            }
        } else if (items != null && !"".equals(items)) {
            throw new MappingException(r.id(), "LineItems", "Invoice " + r.id()
                    + ": field 'LineItems' is not a list of line items");
        }
        // Also what a query (not retrieve) gives: the sync always retrieves, so the user has to add a line.
        if (lines.isEmpty()) {
            throw r.fail("LineItems", "the invoice has no line items (field 'LineItems'); Dinero needs at least one line");
        }

        // Stable sort by sequence_no; lines without one keep their place after the numbered ones.
        List<CrmRecord> ordered = new ArrayList<>();
        List<BigDecimal> sequence = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            CrmRecord line = r.nested("LineItems[" + (i + 1) + "]", lines.get(i));
            ordered.add(line);
            sequence.add(line.decimal("sequence_no"));
        }
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            index.add(i);
        }
        index.sort(Comparator.comparing(sequence::get, Comparator.nullsLast(Comparator.naturalOrder())));

        List<Map<String, Object>> out = new ArrayList<>();
        for (int i : index) {
            out.add(productLine(ordered.get(i), missing));
        }
        return out;
    }

    private Map<String, Object> productLine(CrmRecord line, Set<Dependency> missing) {
        String productId = line.reference("productid");
        // Lines of the CRM's Services module have no Dinero product; neither have lines without a product.
        boolean product = !productId.isEmpty()
                && (line.text("entity_type").isEmpty() || "Products".equalsIgnoreCase(line.text("entity_type")));
        Optional<String> productGuid = Optional.empty();
        if (product) {
            productGuid = links.dineroId(SyncModule.PRODUCTS, productId);
            if (productGuid.isEmpty()) {
                missing.add(new Dependency(SyncModule.PRODUCTS, productId));
            }
        }
        BigDecimal quantity = DineroRules.quantity(line, "quantity");
        BigDecimal price = line.requiredDecimal("listprice");
        String comment = line.text("comment");

        Map<String, Object> out = new LinkedHashMap<>();
        productGuid.ifPresent(guid -> out.put("ProductGuid", guid));
        out.put("Description", comment.isEmpty() ? line.text("product_name") : comment);
        out.put("Quantity", quantity);
        out.put("BaseAmountValue", price);
        out.put("Discount", discount(line, quantity, price));
        out.put("AccountNumber", salesAccount);
        out.put("LineType", "Product");
        return out;
    }

    /** Dinero knows a discount percent only; a CRM discount amount wins over the percent, as in the CRM's totals. */
    private static BigDecimal discount(CrmRecord line, BigDecimal quantity, BigDecimal price) {
        BigDecimal amount = line.decimal("discount_amount");
        if (amount != null && amount.signum() != 0) {
            BigDecimal lineAmount = quantity.multiply(price);
            if (lineAmount.signum() == 0) {
                throw new MappingException(line.id(), line.fieldName("discount_amount"), "Invoice " + line.id()
                        + ": the discount amount " + amount.toPlainString() + " (field '"
                        + line.fieldName("discount_amount") + "') is on a line worth 0 and cannot be a percent");
            }
            return CrmRecord.normalize(amount.multiply(HUNDRED)
                    .divide(lineAmount, DERIVED_DISCOUNT_SCALE, RoundingMode.HALF_UP));
        }
        BigDecimal percent = line.decimal("discount_percent");
        return percent == null ? BigDecimal.ZERO : percent;
    }
}
