package dk.simplydinero.sandbox.dinero;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.DEMO_ORGANIZATION_ID;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;

/**
 * Realistic Danish demo data for the sandbox (Danish letters, CVR and DK VAT numbers, empty phones and e-mails) and
 * invoices in every state Dinero knows, put in the way a Dinero user would, through the simulator's own helpers.
 */
final class DineroDemoData {

    private DineroDemoData() {
    }

    static void seed(DineroSimulator sim, DineroStore store) {
        String træ = sim.putContact(company("Nordisk Træ & Tømrer ApS", "Østergade 12", "8000", "Aarhus C", "29403473",
                "+45 86 12 34 56", "bogholderi@nordisktrae.dk", "www.nordisktrae.dk"));
        String gartneri = sim.putContact(company("Bøgh Økologisk Gartneri I/S", "Skovvej 3", "5250", "Odense SV",
                "DK35512847", "66 11 22 33", "post@boeghgartneri.dk", null));
        String færge = sim.putContact(company("Ærø Færgeservice A/S", "Havnen 1", "5970", "Ærøskøbing", "18273645",
                "62 52 10 00", "faktura@aeroefaerge.dk", "https://aeroefaerge.dk"));
        String rådgivning = sim.putContact(company("Kærsgaard Rådgivning ApS", "Vesterbrogade 88, 2. tv", "1620",
                "København V", "40391827", "", "kontakt@kaersgaard-raadgivning.dk", null));
        String kaffebar = sim.putContact(company("Løvens Kaffebar", "Nørregade 7", "9000", "Aalborg", "", "98 12 00 77",
                "", null));
        String børge = sim.putContact(person("Børge Lund", "Støvringparken 10, st. th", "9530", "Støvring", "", ""));
        String søren = sim.putContact(person("Søren Ærbøl", "Ågade 4", "2200", "København N", "20 45 67 89",
                "soeren.aerboel@mail.dk"));
        sim.putContact(person("Åse Møller", "Fjordvej 21", "4000", "Roskilde", "", "aase.moeller@gmail.com"));
        sim.putContact(person("Jørgen Kjær", "Hedevej 5", "7400", "Herning", "24 68 10 12", null));

        String konsulent = sim.putProduct(product("P-100", "Konsulenttime", "950", "hours", "Rådgivning pr. påbegyndt time"));
        String montering = sim.putProduct(product("P-110", "Montering på stedet", "650", "hours", null));
        String planke = sim.putProduct(product("T-220", "Egetræsplanke 28 mm", "189.95", "metre", "Sorteret, høvlet"));
        String kørsel = sim.putProduct(product("K-001", "Kørsel", "3.79", "km", "Statens takst"));
        String kaffe = sim.putProduct(product("F-310", "Kaffebønner, økologiske", "145", "kilogram", null));
        String service = sim.putProduct(product("S-900", "Serviceaftale", "1200", "month", "Løbende support"));

        LocalDate today = LocalDate.now(store.clock());
        String paid = sim.putInvoice(invoice(træ, today.minusDays(40), "Tømrerarbejde, Østergade",
                line(konsulent, "Opmåling og tilbud", "3", "950", "0"),
                line(planke, "Egetræsplanker", "42.5", "189.95", "10"),
                line(montering, "Montering", "6", "650", "0")));
        sim.bookInvoice(paid);
        // paid in two instalments: an amount on account, the rest a week later (two payments, two CRM comments)
        BigDecimal onAccount = new BigDecimal("10000");
        sim.addPayment(paid, onAccount, today.minusDays(30));
        sim.addPayment(paid, total(store, paid).subtract(onAccount), today.minusDays(23));

        String overdue = sim.putInvoice(invoice(børge, today.minusDays(60), "Faktura",
                line(kørsel, "Kørsel Aalborg–Støvring", "52", "3.79", "0"),
                line(konsulent, "Rådgivning om køkken", "2", "950", "0")));
        sim.bookInvoice(overdue);

        String overPaid = sim.putInvoice(invoice(færge, today.minusDays(20), "Serviceaftale januar–marts",
                line(service, "Serviceaftale", "3", "1200", "0")));
        sim.bookInvoice(overPaid);
        sim.addPayment(overPaid, total(store, overPaid).add(new BigDecimal("250")), today.minusDays(12));

        String partly = sim.putInvoice(invoice(gartneri, today.minusDays(5), "Drivhusreparation",
                line(planke, "Planker til bede", "20", "189.95", "5"),
                line(montering, "Montering", "4", "650", "0")));
        sim.bookInvoice(partly);
        sim.addPayment(partly, new BigDecimal("1000"), today.minusDays(2));

        // credited: the café sent the beans back, and the bookkeeper credited the whole invoice in Dinero
        Map<String, Object> beans = line(kaffe, "Kaffebønner, økologiske", "12", "145", "0");
        String credited = sim.putInvoice(invoice(kaffebar, today.minusDays(25), "Kaffebønner til kaffebaren", beans));
        sim.bookInvoice(credited);
        Map<String, Object> creditNote = invoice(kaffebar, today.minusDays(18), "Returnerede kaffebønner", beans);
        creditNote.put("CreditNoteFor", credited);
        sim.bookCreditNote(sim.putRecord(CREDIT_NOTES, creditNote));

        sim.putInvoice(invoice(rådgivning, today.minusDays(1), "Strategiworkshop",
                line(konsulent, "Workshop, forberedelse og afholdelse", "7.5", "950", "0"),
                textLine("Inkl. materialer og forplejning")));
        sim.putInvoice(invoice(søren, today, "Ekstra timer",
                line(konsulent, "Hjælp med regnskab", "1.5", "950", "0")));
    }

    /** The unrounded total including VAT, so a full payment matches it to the øre. */
    private static BigDecimal total(DineroStore store, String invoiceGuid) {
        return DineroAmounts.totalInclVat(DineroStore.existing(store.org(DEMO_ORGANIZATION_ID), INVOICES, invoiceGuid).fields());
    }

    private static Map<String, Object> company(String name, String street, String zip, String city, String vat,
                                               String phone, String email, String web) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Street", street);
        m.put("ZipCode", zip);
        m.put("City", city);
        m.put("CountryKey", "DK");
        m.put("Phone", phone);
        m.put("Email", email);
        m.put("Webpage", web);
        m.put("VatNumber", vat);
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 14);
        m.put("IsPerson", false);
        m.put("IsMember", false);
        m.put("UseCvr", !vat.isEmpty());
        return m;
    }

    private static Map<String, Object> person(String name, String street, String zip, String city, String phone,
                                              String email) {
        Map<String, Object> m = company(name, street, zip, city, "", phone, email, null);
        m.put("IsPerson", true);
        m.put("PaymentConditionNumberOfDays", 8);
        m.put("AttPerson", "");
        return m;
    }

    private static Map<String, Object> product(String number, String name, String price, String unit, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductNumber", number);
        m.put("Name", name);
        m.put("BaseAmountValue", new BigDecimal(price));
        m.put("Quantity", 1);
        m.put("AccountNumber", 1000);
        m.put("Unit", unit);
        m.put("Comment", comment);
        return m;
    }

    @SafeVarargs
    private static Map<String, Object> invoice(String contact, LocalDate date, String description,
                                               Map<String, Object>... lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ContactGuid", contact);
        m.put("Date", date.toString());
        m.put("Currency", "DKK");
        m.put("Language", "da-DK");
        m.put("Description", description);
        m.put("PaymentConditionType", "Netto");
        m.put("PaymentConditionNumberOfDays", 14);
        m.put("ProductLines", List.of(lines));
        return m;
    }

    private static Map<String, Object> line(String product, String description, String qty, String price, String discount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ProductGuid", product);
        m.put("Description", description);
        m.put("Quantity", new BigDecimal(qty));
        m.put("AccountNumber", 1000);
        m.put("Unit", "parts");
        m.put("Discount", new BigDecimal(discount));
        m.put("LineType", "Product");
        m.put("BaseAmountValue", new BigDecimal(price));
        return m;
    }

    private static Map<String, Object> textLine(String description) {
        Map<String, Object> m = line(null, description, "0", "0", "0");
        m.put("LineType", "Text");
        return m;
    }
}
