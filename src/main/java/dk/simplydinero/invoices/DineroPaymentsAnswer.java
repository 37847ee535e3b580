package dk.simplydinero.invoices;

import dk.simplydinero.mapping.DineroRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An invoice's payments answer ({@code GET invoices/{guid}/payments}: {@code {"Payments":[…],"PaidAmount",
 * "RemainingAmount"}}) read once for the CRM's {@code received}/{@code balance} and the console's Money:
 * {@code received} = {@code PaidAmount}, else the sum of the payments' {@code Amount}; {@code remaining} =
 * {@code RemainingAmount}, else {@code TotalInclVat} − received (null when the invoice shows no total); negative when
 * over-paid.
 */
public record DineroPaymentsAnswer(BigDecimal received, BigDecimal remaining, List<Payment> payments) {

    /** One payment: its Dinero guid, date and description (null when empty) and amount. */
    public record Payment(String guid, String date, String description, BigDecimal amount) {
    }

    /**
     * @param invoice the invoice (a whole one or a list row): its {@code TotalInclVat} and id for messages
     * @param answer  its payments answer
     */
    public static DineroPaymentsAnswer read(DineroRecord invoice, Map<String, ?> answer) {
        DineroRecord p = invoice.nested("payments", answer);
        List<Payment> payments = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        List<Map<String, ?>> list = p.records("Payments");
        for (int i = 0; i < list.size(); i++) {
            DineroRecord payment = p.nested("payments.Payments[" + (i + 1) + "]", list.get(i));
            BigDecimal amount = payment.decimal("Amount");
            sum = amount == null ? sum : sum.add(amount);
            payments.add(new Payment(orNull(payment.text("Guid")), orNull(payment.text("PaymentDate")), orNull(payment.text("Description")), amount));
        }
        BigDecimal received = p.decimal("PaidAmount");
        if (received == null) {
            received = sum;
        }
        BigDecimal remaining = p.decimal("RemainingAmount");
        BigDecimal total = invoice.decimal("TotalInclVat");
        if (remaining == null && total != null) {
            remaining = total.subtract(received);
        }
        return new DineroPaymentsAnswer(received, remaining, List.copyOf(payments));
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
