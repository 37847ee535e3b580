package dk.simplydinero.invoices;

import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.CrmCurrencyLookup;
import dk.simplydinero.mapping.CrmLinkLookup;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException;
import dk.simplydinero.mapping.DineroMappingException;
import dk.simplydinero.mapping.DineroToCrmMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.CrmLinkLookup.CrmCustomer;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException.Dependency;
import dk.simplydinero.model.SyncModule;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dinero invoice (as {@code GET invoices/{guid}} returns it, with {@code ProductLines}) and its payments answer
 * ({@code {"Payments":[…],"PaidAmount","RemainingAmount"}}) → CRM Invoice (PRODUCT.md 5: status and money back).
 *
 * <ul>
 * <li>Customer: {@code ContactGuid} → {@code account_id} ({@code sync.invoice-contact=organizations}) or
 * {@code contact_id} ({@code contacts}) through {@link CrmLinkLookup}; when the Dinero contact is linked in the
 * other module only (a private person on an organizations setting), that link is used, as the CRM → Dinero mapping
 * takes the other reference. A contact customer also gets its organization as {@code account_id} when the lookup
 * knows it (the CRM requires {@code account_id} on create).</li>
 * <li>{@code Date}→{@code invoicedate}; {@code PaymentDate}→{@code duedate}, else {@code Date} +
 * {@code PaymentConditionNumberOfDays} (end of month first for {@code CurrentMonthOut}; the date itself for
 * {@code NettoCash}/{@code Paid}).</li>
 * <li>{@code Description}→{@code subject}, which the CRM requires: "Faktura &lt;Number&gt;" when empty (the invoice's
 * own number); a draft without a description (it has no number yet) is refused, naming Description.</li>
 * <li>{@code Currency} (empty = DKK, Dinero's default) → {@code currency_id} via {@link CrmCurrencyLookup}; a
 * currency the CRM does not have is refused.</li>
 * <li>{@code invoicestatus}: {@code PaymentStatus} where present, else {@code Status} (lists carry the payment state
 * there): Draft→Created, Booked/Overdue→Approved, Paid/OverPaid→Paid; any other state is refused.</li>
 * <li>Money from the payments answer: {@code received} = {@code PaidAmount} (else the sum of the payments'
 * {@code Amount}), {@code balance} = {@code RemainingAmount} (else {@code TotalInclVat} − received); negative when
 * over-paid. Without a payments answer: received 0, balance = {@code TotalInclVat}.</li>
 * <li>{@code ProductLines} → {@code LineItems} ({@code productid}, {@code sequence_no}, {@code quantity},
 * {@code listprice}, {@code discount_percent}, {@code comment}): {@code ProductGuid} → CRM product through the
 * lookup; a line without a linked product (or without any ProductGuid) gets the fallback product
 * ({@code simplycrm.fallback-product}); when that is empty, an {@link UnlinkedDineroDependencyException} lists all
 * that is missing. Text lines ({@code LineType=Text}) carry no product in either system: their text is added to the
 * comment of the product line before them (the first product line when they come first). Parent-level
 * {@code productid} = the first line's product; {@code hdnTaxType} = {@code group}.</li>
 * <li>{@code bill_street}/{@code ship_street} are mandatory in the CRM: the customer's address from
 * {@link CrmLinkLookup#customer} when it has a street (then also code, city and country), else the invoice's
 * {@code Address} text, else {@value #NO_STREET}.</li>
 * </ul>
 * As a Processor the invoice is the body and the payments answer, if any, the exchange property
 * {@value #PAYMENTS_PROPERTY}.
 */
public class DineroInvoiceMapping extends DineroToCrmMapping {

    /** Exchange property holding the invoice's payments answer for {@link #process}. */
    public static final String PAYMENTS_PROPERTY = "dineroPayments";

    /**
     * Exchange property holding this invoice's {@link #map} result when a step before {@link #process} made it (the
     * step that finds the invoice's unlinked customer and products): taken instead of mapping again, which would read
     * the CRM customer's address a second time. Only set when that mapping found every dependency linked.
     */
    public static final String MAPPED_PROPERTY = "dineroInvoiceMapped";
    /** Standard Danish VAT (moms), as Dinero applies it on sales lines. */
    static final String DANISH_VAT_PERCENT = "25";
    /** bill_street/ship_street when neither the customer nor the invoice gives an address. */
    public static final String NO_STREET = "-";
    static final String DEFAULT_CURRENCY = "DKK";
    static final String SUBJECT_FALLBACK = "Faktura";
    /** Dinero's "no number yet" of a draft in a list. */
    private static final long NO_NUMBER = Long.MAX_VALUE;

    private final SyncProperties.InvoiceContact invoiceContact;
    private final String fallbackProduct;
    private final CrmLinkLookup links;
    private final CrmCurrencyLookup currencies;

    /**
     * @param sync       its {@code invoiceContact} says which CRM module the customer is looked up in first
     * @param crm        its {@code fallbackProduct} (e.g. {@code 14x7}) is the product of lines without a linked one
     * @param links      CRM ids (and customer addresses) of linked Dinero records
     * @param currencies CRM Currency records by ISO code
     */
    public DineroInvoiceMapping(SyncProperties sync, SimplyCrmProperties crm, CrmLinkLookup links,
                                CrmCurrencyLookup currencies) {
        this(new Invoices(), sync, crm, links, currencies);
    }

    public DineroInvoiceMapping(Invoices type, SyncProperties sync, SimplyCrmProperties crm, CrmLinkLookup links,
                                CrmCurrencyLookup currencies) {
        super(type);
        this.invoiceContact = sync.getInvoiceContact();
        String fallback = crm.getFallbackProduct();
        this.fallbackProduct = fallback == null ? "" : fallback.trim();
        this.links = links;
        this.currencies = currencies;
    }

    /** The invoice without its payments answer: received 0, balance = TotalInclVat. */
    @Override
    public Map<String, Object> map(Map<String, Object> dineroInvoice) {
        return map(dineroInvoice, null);
    }

    /**
     * @param dineroInvoice the invoice as read
     * @param payments      its {@code GET …/payments} answer, or null when not read (a draft has none)
     */
    public Map<String, Object> map(Map<String, Object> dineroInvoice, Map<String, Object> payments) {
        DineroRecord r = DineroRecord.of("Dinero invoice", "Guid", dineroInvoice);
        Set<Dependency> missing = new LinkedHashSet<>();
        List<Integer> linesWithoutProduct = new ArrayList<>();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", subject(r));
        CrmCustomer customer = customer(r, out, missing);

        LocalDate date = r.date("Date");
        if (date != null) {
            out.put("invoicedate", date.toString());
        }
        LocalDate due = dueDate(r, date);
        if (due != null) {
            out.put("duedate", due.toString());
        }
        out.put("currency_id", currency(r));
        out.put("invoicestatus", status(r));
        money(r, payments, out);
        address(r, customer, out);
        out.put("hdnTaxType", "group");

        List<Map<String, Object>> lineItems = lineItems(r, missing, linesWithoutProduct);
        if (!missing.isEmpty() || !linesWithoutProduct.isEmpty()) {
            throw new UnlinkedDineroDependencyException(r.id(), new ArrayList<>(missing), linesWithoutProduct);
        }
        out.put("productid", lineItems.get(0).get("productid"));
        out.put("LineItems", lineItems);
        return out;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, Object> invoice = bodyRecord(exchange);
        Object payments = exchange.getProperty(PAYMENTS_PROPERTY);
        if (payments != null && !(payments instanceof Map<?, ?>)) {
            throw new DineroMappingException("", PAYMENTS_PROPERTY, "Exchange property '" + PAYMENTS_PROPERTY
                    + "' should hold the invoice's payments answer (a map), got " + payments.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> paymentsAnswer = (Map<String, Object>) payments;
        @SuppressWarnings("unchecked")
        Map<String, Object> mapped = exchange.removeProperty(MAPPED_PROPERTY) instanceof Map<?, ?> made
                ? (Map<String, Object>) made : map(invoice, paymentsAnswer);
        exchange.getMessage().setBody(inForce(invoice, mapped));
    }

    /** The CRM invoice by the mapping in force, with its payments answer (null when not read). */
    public Map<String, Object> mapInForce(Map<String, Object> dineroInvoice, Map<String, Object> payments) {
        return inForce(dineroInvoice, map(dineroInvoice, payments));
    }

    private static String subject(DineroRecord r) {
        String description = r.text("Description");
        if (!description.isEmpty()) {
            return description;
        }
        BigDecimal number = r.decimal("Number");
        boolean numbered = number != null && number.signum() > 0 && number.compareTo(BigDecimal.valueOf(NO_NUMBER)) < 0;
        if (!numbered) {
            // A bare "Faktura" would be a placeholder, not the invoice's own value (and no way to tell drafts apart).
            throw r.fail("Description", "is empty and the draft has no number yet: the CRM requires a subject"
                    + " (field 'subject'); give the invoice a description in Dinero");
        }
        return SUBJECT_FALLBACK + " " + number.toPlainString();
    }

    /** Sets account_id / contact_id; returns what the lookup knows of the customer (or null). */
    private CrmCustomer customer(DineroRecord r, Map<String, Object> out, Set<Dependency> missing) {
        String contactGuid = r.requiredText("ContactGuid", "customer");
        SyncModule preferred = invoiceContact == SyncProperties.InvoiceContact.CONTACTS
                ? SyncModule.CONTACTS : SyncModule.ORGANIZATIONS;
        SyncModule other = preferred == SyncModule.CONTACTS ? SyncModule.ORGANIZATIONS : SyncModule.CONTACTS;
        SyncModule module = preferred;
        Optional<String> crmId = links.crmId(preferred, contactGuid);
        if (crmId.isEmpty()) {
            module = other;
            crmId = links.crmId(other, contactGuid);
        }
        if (crmId.isEmpty()) {
            missing.add(new Dependency(preferred, contactGuid));
            return null;
        }
        CrmCustomer customer = links.customer(module, crmId.get()).orElse(null);
        if (module == SyncModule.ORGANIZATIONS) {
            out.put("account_id", crmId.get());
        } else {
            if (customer != null && !customer.accountId().isEmpty()) {
                out.put("account_id", customer.accountId());
            }
            out.put("contact_id", crmId.get());
        }
        return customer;
    }

    private static LocalDate dueDate(DineroRecord r, LocalDate date) {
        LocalDate paymentDate = r.date("PaymentDate");
        if (paymentDate != null || date == null) {
            return paymentDate;
        }
        Integer days = r.integer("PaymentConditionNumberOfDays");
        String type = r.text("PaymentConditionType");
        return switch (type) {
            case "NettoCash", "Paid" -> date;
            case "CurrentMonthOut" -> date.withDayOfMonth(date.lengthOfMonth()).plusDays(days == null ? 0 : days);
            default -> days == null ? null : date.plusDays(days);
        };
    }

    private String currency(DineroRecord r) {
        String text = r.text("Currency").toUpperCase(Locale.ROOT);
        String iso = text.isEmpty() ? DEFAULT_CURRENCY : text;
        return currencies.crmCurrencyId(iso)
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> r.fail("Currency", "holds " + iso
                        + ", a currency the CRM does not have (add it under CRM Settings → Currencies)"));
    }

    /** Dinero's payment state (or status) → CRM invoicestatus ({@link DineroInvoiceState}). */
    static String status(DineroRecord r) {
        String field = r.has("PaymentStatus") ? "PaymentStatus" : "Status";
        String state = r.text(field);
        if (state.isEmpty()) {
            throw r.fail(field, "is empty: the invoice has no status (fields 'PaymentStatus' and 'Status')");
        }
        return DineroInvoiceState.of(state).map(DineroInvoiceState::crmStatus)
                .orElseThrow(() -> r.fail(field, "holds '" + state + "', which is not a known Dinero invoice state"
                        + " (" + DineroInvoiceState.WORDS + ")"));
    }

    /** received and balance from the payments answer ({@link DineroPaymentsAnswer}); without one: 0 and the total. */
    private static void money(DineroRecord r, Map<String, Object> payments, Map<String, Object> out) {
        BigDecimal received = BigDecimal.ZERO;
        BigDecimal balance = r.decimal("TotalInclVat");
        if (payments != null) {
            DineroPaymentsAnswer answer = DineroPaymentsAnswer.read(r, payments);
            received = answer.received();
            balance = answer.remaining();
        }
        out.put("received", DineroRecord.plain(received));
        if (balance != null) {
            out.put("balance", DineroRecord.plain(balance));
        }
    }

    private static void address(DineroRecord r, CrmCustomer customer, Map<String, Object> out) {
        if (customer != null && !customer.street().isEmpty()) {
            for (String side : List.of("bill_", "ship_")) {
                out.put(side + "street", customer.street());
                out.put(side + "code", customer.code());
                out.put(side + "city", customer.city());
                out.put(side + "country", customer.country());
            }
            return;
        }
        String address = r.text("Address");
        String street = address.isEmpty() ? NO_STREET : address;
        out.put("bill_street", street);
        out.put("ship_street", street);
    }

    private List<Map<String, Object>> lineItems(DineroRecord r, Set<Dependency> missing, List<Integer> withoutProduct) {
        List<Map<String, ?>> lines = r.records("ProductLines");
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> leadingTexts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            DineroRecord line = r.nested("ProductLines[" + (i + 1) + "]", lines.get(i));
            String description = line.text("Description");
            if ("Text".equalsIgnoreCase(line.text("LineType"))) {
                if (!description.isEmpty()) {
                    if (out.isEmpty()) {
                        leadingTexts.add(description);
                    } else {
                        Map<String, Object> previous = out.get(out.size() - 1);
                        previous.put("comment", join((String) previous.get("comment"), description));
                    }
                }
                continue;
            }
            String productGuid = line.text("ProductGuid");
            Optional<String> productId = productGuid.isEmpty()
                    ? Optional.empty() : links.crmId(SyncModule.PRODUCTS, productGuid);
            if (productId.isEmpty() && !fallbackProduct.isEmpty()) {
                productId = Optional.of(fallbackProduct);
            } else if (productId.isEmpty() && productGuid.isEmpty()) {
                // A line with no product at all: the fallback product, created when first needed.
                productId = links.fallbackProduct();
            }
            if (productId.isEmpty()) {
                if (!productGuid.isEmpty()) {
                    missing.add(new Dependency(SyncModule.PRODUCTS, productGuid));
                }
                withoutProduct.add(i + 1);
            }
            BigDecimal discount = line.decimal("Discount");
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("productid", productId.orElse(""));
            item.put("sequence_no", String.valueOf(out.size() + 1));
            item.put("quantity", DineroRecord.plain(line.requiredDecimal("Quantity")));
            item.put("listprice", DineroRecord.plain(line.requiredDecimal("BaseAmountValue")));
            item.put("discount_percent", DineroRecord.plain(discount == null ? BigDecimal.ZERO : discount));
            item.put("comment", description);
            if (out.isEmpty()) {
                // vtiger takes an invoice's group tax only from the first line's percentages; without it the CRM
                // total lacks the 25 % Danish VAT Dinero's totals, payments and remaining amount include.
                item.put("tax1", DANISH_VAT_PERCENT);
            }
            out.add(item);
        }
        if (out.isEmpty()) {
            throw r.fail("ProductLines", "holds no product line; a CRM invoice needs at least one line item");
        }
        if (!leadingTexts.isEmpty()) {
            Map<String, Object> first = out.get(0);
            leadingTexts.add((String) first.get("comment"));
            first.put("comment", String.join("\n", leadingTexts.stream().filter(t -> !t.isEmpty()).toList()));
        }
        return out;
    }

    private static String join(String comment, String text) {
        return comment == null || comment.isEmpty() ? text : comment + "\n" + text;
    }
}
