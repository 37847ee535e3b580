package dk.simplydinero.sandbox.crm;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic Danish demo data for the CRM simulator: organizations, contacts, products and invoices. */
final class CrmDemoData {

    private CrmDemoData() {
    }

    static void seed(CrmSimulator sim) {
        // accountname, street, zip, city, country, VAT, phone, email, website
        String[][] orgs = {
                {"Østergaard & Søn ApS", "Åboulevarden 12", "8000", "Aarhus C", "Denmark", "DK12345678", "+45 86 12 34 56", "info@oestergaard.dk", "https://oestergaard.dk"},
                {"Bøgelund Tømrer A/S", "Bøgevej 3", "4000", "Roskilde", "Danmark", "DK23456789", "+45 46 35 22 10", "kontakt@boegelund.dk", "https://boegelund.dk"},
                {"Fælledens Blomster I/S", "Fælledvej 27, st. tv.", "2200", "København N", "DK", "DK34567890", "35 37 11 22", "hej@faelledensblomster.dk", ""},
                {"Kærgård Maskinfabrik ApS", "Industrivej 44", "7400", "Herning", "Denmark", "DK45678901", "+45 97 12 88 00", "salg@kaergaard-maskin.dk", "https://kaergaard-maskin.dk"},
                {"Skovlyst Økologi", "Skovlystvej 5", "5700", "Svendborg", "Danmark", "DK56789012", "62 21 45 45", "ordre@skovlyst-oko.dk", ""},
                {"Ærø Færgefart K/S", "Havnen 1", "5970", "Ærøskøbing", "DK", "DK67890123", "+45 62 52 40 00", "booking@aeroefaerger.dk", "https://aeroefaerger.dk"},
                {"Nørrebro Cykelværksted", "Nørrebrogade 180", "2200", "København N", "Denmark", "", "+45 35 85 01 01", "", ""},
                {"Læsø Saltsyderi ApS", "Hornfiskrønnevej 3", "9940", "Læsø", "Danmark", "DK78901234", "98 49 13 22", "salt@laesoe-salt.dk", "https://laesoe-salt.dk"},
                {"Göteborgs Trähus AB", "Östra Hamngatan 16", "411 09", "Göteborg", "Sweden", "SE556677889901", "+46 31 15 00 00", "order@gbgtrahus.se", "https://gbgtrahus.se"},
                {"Fjordtjenester AS", "Strandgaten 202", "5004", "Bergen", "Norge", "NO987654321", "+47 55 30 80 00", "post@fjordtjenester.no", ""},
                {"Sønderjysk Kaffebar", "Storegade 9", "6100", "Haderslev", "DK", "DK89012345", "74 52 33 33", "kaffe@sonderjysk.dk", ""},
                {"Møllehøj Revision ApS", "Møllehøjvej 2", "8600", "Silkeborg", "Denmark", "DK90123456", "+45 86 80 12 12", "revision@moellehoj.dk", "https://moellehoj.dk"},
        };
        List<String> accountIds = new ArrayList<>();
        for (String[] o : orgs) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("accountname", o[0]);
            f.put("bill_street", o[1]);
            f.put("bill_code", o[2]);
            f.put("bill_city", o[3]);
            f.put("bill_country", o[4]);
            f.put("ship_street", o[1]);
            f.put("ship_code", o[2]);
            f.put("ship_city", o[3]);
            f.put("ship_country", o[4]);
            f.put("cf_853", o[5]);
            f.put("phone", o[6]);
            f.put("email1", o[7]);
            f.put("website", o[8]);
            f.put("accounttype", "Customer");
            accountIds.add(sim.put("Accounts", f));
        }

        // firstname, lastname, email, phone, mobile, street, zip, city, country, organization index (-1 none)
        String[][] people = {
                {"Søren", "Østergaard", "soren@oestergaard.dk", "+45 86 12 34 57", "+45 20 11 22 33", "Åboulevarden 12", "8000", "Aarhus C", "Denmark", "0"},
                {"Mette", "Bøgelund", "mette@boegelund.dk", "", "+45 40 55 66 77", "Bøgevej 3", "4000", "Roskilde", "Danmark", "1"},
                {"Jørgen", "Kærgård", "jk@kaergaard-maskin.dk", "+45 97 12 88 01", "", "Industrivej 44", "7400", "Herning", "DK", "3"},
                {"Åse", "Lærkesen", "aase.laerkesen@gmail.com", "", "+45 28 90 12 34", "Lærkevej 8, 1. th.", "5000", "Odense C", "Danmark", "-1"},
                {"Bjørn", "Møller", "", "", "+45 61 23 45 67", "Møllegade 21", "2200", "København N", "Denmark", "6"},
                {"Ida", "Fælled", "ida@faelledensblomster.dk", "35 37 11 23", "", "Fælledvej 27", "2200", "København N", "DK", "2"},
                {"Anders", "Holm Sørensen", "anders@skovlyst-oko.dk", "", "+45 23 45 67 89", "Skovlystvej 5", "5700", "Svendborg", "Danmark", "4"},
                {"Karen", "Ærbø", "karen@aeroefaerger.dk", "+45 62 52 40 01", "+45 30 40 50 60", "Havnen 1", "5970", "Ærøskøbing", "DK", "5"},
                {"Niels", "Læsøe", "", "", "+45 42 42 42 42", "Byrum Hovedgade 10", "9940", "Læsø", "Danmark", "7"},
                {"Björn", "Åkesson", "bjorn@gbgtrahus.se", "+46 31 15 00 01", "", "Östra Hamngatan 16", "411 09", "Göteborg", "Sweden", "8"},
                {"Ingrid", "Haugen", "ingrid@fjordtjenester.no", "", "+47 900 12 345", "Strandgaten 202", "5004", "Bergen", "Norge", "9"},
                {"Mads", "Sønderby", "mads@sonderjysk.dk", "74 52 33 34", "", "Storegade 9", "6100", "Haderslev", "DK", "10"},
                {"Lise", "Møllehøj", "lise@moellehoj.dk", "+45 86 80 12 13", "+45 26 26 26 26", "Møllehøjvej 2", "8600", "Silkeborg", "Denmark", "11"},
                {"Peter", "Thøgersen", "peter.thoegersen@outlook.dk", "", "+45 31 31 31 31", "Vestergade 4", "9000", "Aalborg", "Danmark", "-1"},
                {"Sofie", "", "sofie@eksempel.dk", "", "+45 52 52 52 52", "", "", "", "", "-1"},
        };
        List<String> contactIds = new ArrayList<>();
        for (String[] p : people) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("firstname", p[1].isEmpty() ? "" : p[0]);
            f.put("lastname", p[1].isEmpty() ? p[0] : p[1]);
            f.put("email", p[2]);
            f.put("phone", p[3]);
            f.put("mobile", p[4]);
            f.put("mailingstreet", p[5]);
            f.put("mailingzip", p[6]);
            f.put("mailingcity", p[7]);
            f.put("mailingcountry", p[8]);
            int org = Integer.parseInt(p[9]);
            f.put("account_id", org < 0 ? "" : accountIds.get(org));
            contactIds.add(sim.put("Contacts", f));
        }

        // productname, productcode, unit_price, usageunit, qtyinstock
        String[][] products = {
                {"Konsulenttime", "KONS-01", "950.00", "Hours", "0"},
                {"Støttetime, weekend", "KONS-02", "1250.00", "Hours", "0"},
                {"Kaffebønner, økologiske 1 kg", "KAF-1KG", "189.50", "Pieces", "240"},
                {"Printerpapir A4 (æske)", "PAP-A4", "229.00", "Box", "80"},
                {"Skruer 5x50 rustfri", "SKR-550", "149.95", "Pack", "500"},
                {"Egetræsplanke", "EG-PLANK", "89.00", "M", "1200"},
                {"Flyttekasse", "FLYT-01", "24.50", "Carton", "300"},
                {"Læsø sydesalt 250 g", "SALT-250", "65.00", "Pieces", "150"},
                {"Servicebesøg", "SERV-01", "1495.00", "Hours", "0"},
                {"Gavekurv \"Sønderjylland\"", "GAVE-SJ", "449.00", "Each", "25"},
        };
        List<String> productIds = new ArrayList<>();
        List<String> productPrices = new ArrayList<>();
        for (String[] p : products) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("productname", p[0]);
            f.put("productcode", p[1]);
            f.put("unit_price", p[2]);
            f.put("usageunit", p[3]);
            f.put("qtyinstock", p[4]);
            f.put("discontinued", "1");
            productIds.add(sim.put("Products", f));
            productPrices.add(p[2]);
        }

        LocalDate today = LocalDate.ofInstant(sim.clock().instant(), ZoneOffset.UTC);
        String dkk = sim.currencyId("DKK");
        String eur = sim.currencyId("EUR");
        // subject, account index, contact index, days ago, payment days, status, currency, line products
        Object[][] invoices = {
                {"Rådgivning september", 0, 0, 40, 14, "Sent", dkk, new int[]{0, 1}},
                {"Kaffeleverance uge 38", 10, 11, 30, 8, "Created", dkk, new int[]{2, 3, 9}},
                {"Byggematerialer, tilbygning", 1, 1, 21, 30, "Approved", dkk, new int[]{4, 5, 6, 0, 8}},
                {"Salt og gaver til julemarked", 7, 8, 14, 14, "", dkk, new int[]{7, 9}},
                {"Service, maskinpark", 3, 2, 7, 30, "Paid", dkk, new int[]{8}},
                {"Trævarer til Göteborg", 8, 9, 3, 30, "Created", eur, new int[]{5, 6, 4}},
        };
        for (Object[] inv : invoices) {
            int account = (Integer) inv[1];
            String[] org = orgs[account];
            Map<String, String> f = new LinkedHashMap<>();
            f.put("subject", (String) inv[0]);
            f.put("account_id", accountIds.get(account));
            f.put("contact_id", contactIds.get((Integer) inv[2]));
            LocalDate date = today.minusDays((Integer) inv[3]);
            f.put("invoicedate", date.toString());
            f.put("duedate", date.plusDays((Integer) inv[4]).toString());
            f.put("invoicestatus", (String) inv[5]);
            f.put("currency_id", (String) inv[6]);
            f.put("conversion_rate", dkk.equals(inv[6]) ? "1.000" : "0.134");
            f.put("bill_street", org[1]);
            f.put("bill_code", org[2]);
            f.put("bill_city", org[3]);
            f.put("bill_country", org[4]);
            f.put("ship_street", org[1]);
            f.put("ship_code", org[2]);
            f.put("ship_city", org[3]);
            f.put("ship_country", org[4]);
            f.put("hdnTaxType", "group");
            List<Map<String, String>> lines = new ArrayList<>();
            int n = 1;
            for (int product : (int[]) inv[7]) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("productid", productIds.get(product));
                line.put("quantity", String.valueOf(n % 3 + 1));
                line.put("listprice", productPrices.get(product));
                line.put("discount_percent", n == 2 ? "10" : "0");
                line.put("comment", products[product][0]);
                if (n == 1) {
                    line.put("tax1", "25");
                }
                lines.add(line);
                n++;
            }
            String id = sim.put("Invoice", f, lines);
            if ("Paid".equals(inv[5])) {
                Object total = sim.get(id).get("hdnGrandTotal");
                sim.change(id, Map.of("received", String.valueOf(total), "balance", "0"));
            }
        }
    }
}
