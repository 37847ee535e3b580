package dk.simplydinero.sync;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dinero vouchers of one repair line of 1,000 kr. (before VAT), for a customer and a product a test put in Dinero: the
 * invoices and credit notes the tests of payment history, receipts and credit notes start from.
 */
final class RepairVouchers {

    private RepairVouchers() {
    }

    /** The voucher: customer, DKK, language and the one line; the caller adds what its kind needs. */
    static Map<String, Object> voucher(String customer, String product, String language) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ProductGuid", product);
        line.put("Description", "Reparation");
        line.put("Quantity", BigDecimal.ONE);
        line.put("AccountNumber", 1000);
        line.put("Unit", "hours");
        line.put("Discount", BigDecimal.ZERO);
        line.put("LineType", "Product");
        line.put("BaseAmountValue", new BigDecimal("1000"));
        Map<String, Object> voucher = new LinkedHashMap<>();
        voucher.put("ContactGuid", customer);
        voucher.put("Currency", "DKK");
        voucher.put("Language", language);
        voucher.put("ProductLines", List.of(line));
        return voucher;
    }

    /** An invoice of it, dated and described, due net 14 days. */
    static Map<String, Object> invoice(String customer, String product, LocalDate date, String description,
                                       String language) {
        Map<String, Object> invoice = voucher(customer, product, language);
        invoice.put("Date", date.toString());
        invoice.put("Description", description);
        invoice.put("PaymentConditionType", "Netto");
        invoice.put("PaymentConditionNumberOfDays", 14);
        return invoice;
    }
}
