package dk.simplydinero.sandbox.crm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One webservice module of the CRM simulator: name, label, id prefix and its fields, as a stock vtiger 7 describes
 * them (every standard field, also those VTQL cannot name, such as the inventory modules' {@code shipping_&_handling}),
 * plus custom fields ({@code cf_853}, {@code cf_901}, {@code cf_902} on Accounts; {@code cf_910} on Products; {@code cf_921}, {@code cf_925} (a URL field) on Invoice).
 * Also {@code ModComments}, {@code Documents} and {@code DocumentFolders} (issue 14; see docs/research/issue-14-crm-notes.md).
 */
final class CrmModule {

    /** A field as describe shows it. {@code type} is vtiger's type name (string, currency, reference, owner, …). */
    record Field(String name, String label, boolean mandatory, String type, List<String> refersTo,
                 List<String> picklist, boolean editable) {

        Map<String, Object> describe() {
            Map<String, Object> typeInfo = new LinkedHashMap<>();
            typeInfo.put("name", type);
            if (!refersTo.isEmpty()) {
                typeInfo.put("refersTo", refersTo);
            }
            if (!picklist.isEmpty()) {
                List<Map<String, String>> values = new ArrayList<>();
                for (String v : picklist) {
                    values.add(Map.of("label", v, "value", v));
                }
                typeInfo.put("picklistValues", values);
                typeInfo.put("defaultValue", picklist.get(0));
            }
            if ("date".equals(type)) {
                typeInfo.put("format", "yyyy-mm-dd");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("label", label);
            out.put("mandatory", mandatory);
            out.put("type", typeInfo);
            out.put("isunique", false);
            out.put("nullable", !mandatory);
            out.put("editable", editable);
            out.put("default", "");
            return out;
        }
    }

    /** Invoice columns that live on the line rows: selecting them (or {@code *}) joins one row per line. */
    static final Set<String> LINE_COLUMNS = Set.of("productid", "quantity", "listprice", "comment",
            "discount_amount", "discount_percent", "tax1", "tax2", "tax3");

    final String name;
    final String label;
    final String singular;
    final String autoNumberField;
    final String autoNumberPrefix;
    final Map<String, Field> fields = new LinkedHashMap<>();
    final boolean entity;
    /** Text fields vtiger stores HTML-encoded and answers decoded (see {@link CrmSimulator}'s notes). */
    final Set<String> encoded = new LinkedHashSet<>();
    int prefix;

    private CrmModule(String name, String label, String singular, int prefix, String autoNumberField,
                      String autoNumberPrefix, boolean entity) {
        this.name = name;
        this.label = label;
        this.singular = singular;
        this.prefix = prefix;
        this.autoNumberField = autoNumberField;
        this.autoNumberPrefix = autoNumberPrefix;
        this.entity = entity;
    }

    private CrmModule f(String name, String label, String type) {
        fields.put(name, new Field(name, label, false, type, List.of(), List.of(), true));
        return this;
    }

    private CrmModule mandatory(String name, String label, String type) {
        fields.put(name, new Field(name, label, true, type, List.of(), List.of(), true));
        return this;
    }

    private CrmModule readOnly(String name, String label, String type) {
        fields.put(name, new Field(name, label, false, type, List.of(), List.of(), false));
        return this;
    }

    private CrmModule ref(String name, String label, boolean mandatory, String... modules) {
        fields.put(name, new Field(name, label, mandatory, "reference", List.of(modules), List.of(), true));
        return this;
    }

    private CrmModule pick(String name, String label, String... values) {
        fields.put(name, new Field(name, label, false, "picklist", List.of(), List.of(values), true));
        return this;
    }

    private CrmModule owner() {
        fields.put("assigned_user_id", new Field("assigned_user_id", "Assigned To", true, "owner",
                List.of("Users"), List.of(), true));
        return this;
    }

    private CrmModule system() {
        readOnly("createdtime", "Created Time", "datetime");
        readOnly("modifiedtime", "Modified Time", "datetime");
        fields.put("modifiedby", new Field("modifiedby", "Last Modified By", false, "reference",
                List.of("Users"), List.of(), false));
        // vtiger 7 adds these to every entity module
        readOnly("source", "Source", "string");
        f("starred", "Starred", "boolean");
        f("tags", "Tags", "string");
        return this;
    }

    private CrmModule address(String prefix1, String prefix2, String code1, String code2) {
        f(prefix1 + "street", "Billing Address", "text");
        f(prefix2 + "street", "Shipping Address", "text");
        f(prefix1 + "city", "Billing City", "string");
        f(prefix2 + "city", "Shipping City", "string");
        f(prefix1 + "state", "Billing State", "string");
        f(prefix2 + "state", "Shipping State", "string");
        f(code1, "Billing Postal Code", "string");
        f(code2, "Shipping Postal Code", "string");
        f(prefix1 + "country", "Billing Country", "string");
        f(prefix2 + "country", "Shipping Country", "string");
        f(prefix1 + "pobox", "Billing PO Box", "string");
        f(prefix2 + "pobox", "Shipping PO Box", "string");
        return this;
    }

    /** A text field stored HTML-encoded (vtiger's text fields: the webservice answers them decoded). */
    private CrmModule encodedText(String name, String label, boolean mandatory) {
        fields.put(name, new Field(name, label, mandatory, "text", List.of(), List.of(), true));
        encoded.add(name);
        return this;
    }

    /** What ModComments' {@code related_to} refers to in a stock vtiger 7 (manifest, postinstall, a migration). */
    static final List<String> STOCK_COMMENT_TARGETS = List.of("Leads", "Contacts", "Accounts", "Potentials", "Project",
            "ProjectTask", "HelpDesk", "Faq");

    /** Replaces the targets of reference field {@code name} (as vtiger's {@code setRelatedModules} does). */
    void refersTo(String name, List<String> modules) {
        Field f = fields.get(name);
        fields.put(name, new Field(f.name(), f.label(), f.mandatory(), f.type(), List.copyOf(modules), f.picklist(),
                f.editable()));
    }

    /** Adds (or replaces) a custom text field, as an admin's layout editor does. */
    void customField(String name, String label, boolean mandatory) {
        fields.put(name, new Field(name, label, mandatory, "string", List.of(), List.of(), true));
    }

    List<Field> mandatoryFields() {
        List<Field> out = new ArrayList<>();
        for (Field field : fields.values()) {
            if (field.mandatory()) {
                out.add(field);
            }
        }
        return out;
    }

    static Map<String, CrmModule> defaults(Map<String, Integer> prefixes) {
        Map<String, CrmModule> out = new LinkedHashMap<>();

        CrmModule accounts = new CrmModule("Accounts", "Organizations", "Organization", 23, "account_no", "ACC", true)
                .mandatory("accountname", "Organization Name", "string")
                .readOnly("account_no", "Organization Number", "string")
                .f("website", "Website", "url").f("phone", "Phone", "phone")
                .f("tickersymbol", "Ticker Symbol", "string").f("otherphone", "Other Phone", "phone")
                .f("fax", "Fax", "phone").f("email1", "Email", "email").f("email2", "Other Email", "email")
                .f("employees", "Employees", "integer").f("ownership", "Ownership", "string")
                .pick("rating", "Rating", "Acquired", "Active", "Market Failed", "Project Cancelled", "Shutdown")
                .f("siccode", "SIC Code", "string")
                .pick("industry", "Industry", "Apparel", "Banking", "Consulting", "Construction", "Education",
                        "Finance", "Manufacturing", "Retail", "Technology", "Other")
                .pick("accounttype", "Type", "Analyst", "Competitor", "Customer", "Integrator", "Partner",
                        "Prospect", "Reseller", "Other")
                .f("annual_revenue", "Annual Revenue", "currency")
                .ref("account_id", "Member Of", false, "Accounts")
                .f("emailoptout", "Email Opt Out", "boolean").f("notify_owner", "Notify Owner", "boolean")
                .owner().system()
                .address("bill_", "ship_", "bill_code", "ship_code")
                .f("description", "Description", "text")
                .readOnly("isconvertedfromlead", "Is Converted From Lead", "boolean")
                .f("cf_853", "VAT number", "string")
                // Further custom fields of this installation, used by mapping.example.yaml.
                .f("cf_901", "Group VAT number", "string").f("cf_902", "EAN number", "string");
        out.put(accounts.name, accounts);

        CrmModule contacts = new CrmModule("Contacts", "Contacts", "Contact", 31, "contact_no", "CON", true)
                .pick("salutationtype", "Salutation", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")
                .f("firstname", "First Name", "string")
                .readOnly("contact_no", "Contact Id", "string")
                .f("phone", "Office Phone", "phone")
                .mandatory("lastname", "Last Name", "string")
                .f("mobile", "Mobile", "phone")
                .ref("account_id", "Organization Name", false, "Accounts")
                .f("homephone", "Home Phone", "phone")
                .pick("leadsource", "Lead Source", "Cold Call", "Existing Customer", "Web Site", "Word of mouth", "Other")
                .f("otherphone", "Other Phone", "phone").f("title", "Title", "string").f("fax", "Fax", "phone")
                .f("department", "Department", "string").f("birthday", "Birthdate", "date")
                .f("email", "Email", "email")
                .ref("contact_id", "Reports To", false, "Contacts")
                .f("assistant", "Assistant", "string").f("secondaryemail", "Secondary Email", "email")
                .f("assistantphone", "Assistant Phone", "phone")
                .f("donotcall", "Do Not Call", "boolean").f("emailoptout", "Email Opt Out", "boolean")
                .owner()
                .f("reference", "Reference", "boolean").f("notify_owner", "Notify Owner", "boolean")
                .system()
                .f("portal", "Portal User", "boolean")
                .f("support_start_date", "Support Start Date", "date").f("support_end_date", "Support End Date", "date")
                .f("mailingstreet", "Mailing Street", "text").f("otherstreet", "Other Street", "text")
                .f("mailingcity", "Mailing City", "string").f("othercity", "Other City", "string")
                .f("mailingstate", "Mailing State", "string").f("otherstate", "Other State", "string")
                .f("mailingzip", "Mailing Zip", "string").f("otherzip", "Other Zip", "string")
                .f("mailingcountry", "Mailing Country", "string").f("othercountry", "Other Country", "string")
                .f("mailingpobox", "Mailing Po Box", "string").f("otherpobox", "Other Po Box", "string")
                .f("imagename", "Contact Image", "image")
                .f("description", "Description", "text")
                .readOnly("isconvertedfromlead", "Is Converted From Lead", "boolean");
        out.put(contacts.name, contacts);

        CrmModule products = new CrmModule("Products", "Products", "Product", 17, "product_no", "PRO", true)
                .mandatory("productname", "Product Name", "string")
                .readOnly("product_no", "Product No", "string")
                .f("productcode", "Part Number", "string")
                .f("cf_910", "Dinero product number", "string")
                .f("discontinued", "Product Active", "boolean")
                .pick("manufacturer", "Manufacturer", "AltvetPet Inc.", "LexPon Inc.", "MetBeat Corp")
                .pick("productcategory", "Product Category", "Hardware", "Software", "CRM Applications")
                .f("sales_start_date", "Sales Start Date", "date").f("sales_end_date", "Sales End Date", "date")
                .f("start_date", "Support Start Date", "date").f("expiry_date", "Support Expiry Date", "date")
                .f("website", "Website", "url").ref("vendor_id", "Vendor Name", false, "Vendors")
                .f("mfr_part_no", "Mfr PartNo", "string")
                .f("vendor_part_no", "Vendor PartNo", "string").f("productsheet", "Product Sheet", "string")
                .f("serial_no", "Serial No", "string")
                .pick("glacct", "GL Account", "300-Sales-Software", "301-Sales-Hardware", "302-Rental-Income")
                .system()
                .f("unit_price", "Unit Price", "currency").f("commissionrate", "Commission Rate", "double")
                .f("taxclass", "Tax Class", "string")
                .pick("usageunit", "Usage Unit", "Box", "Carton", "Dozen", "Each", "Hours", "Impressions", "Lb",
                        "M", "Pack", "Pages", "Pieces", "Quantity", "Reams", "Sheet", "Spiral Binder", "Sq Ft")
                .f("qty_per_unit", "Qty/Unit", "double").f("qtyinstock", "Qty In Stock", "double")
                .f("reorderlevel", "Reorder Level", "integer").owner()
                .f("qtyindemand", "Qty In Demand", "integer").f("imagename", "Product Image", "image")
                .f("purchase_cost", "Purchase Cost", "currency")
                .f("description", "Description", "text");
        out.put(products.name, products);

        CrmModule invoice = new CrmModule("Invoice", "Invoice", "Invoice", 9, "invoice_no", "INV", true)
                .mandatory("subject", "Subject", "string")
                .ref("salesorder_id", "Sales Order", false, "SalesOrder")
                .f("customerno", "Customer No", "string")
                .f("cf_921", "Dinero invoice number", "string")
                .f("cf_925", "Receipt (PDF)", "url")
                .ref("contact_id", "Contact Name", false, "Contacts")
                .f("invoicedate", "Invoice Date", "date").f("duedate", "Due Date", "date")
                .f("vtiger_purchaseorder", "Purchase Order", "string")
                .f("txtAdjustment", "Adjustment", "double").f("salescommission", "Sales Commission", "currency")
                .f("exciseduty", "Excise Duty", "currency")
                .readOnly("hdnSubTotal", "Sub Total", "currency").readOnly("hdnGrandTotal", "Total", "currency")
                .pick("hdnTaxType", "Tax Type", "group", "individual")
                .f("hdnDiscountPercent", "Discount Percent", "double").f("hdnDiscountAmount", "Discount Amount", "currency")
                .f("hdnS_H_Amount", "S&H Amount", "currency").f("hdnS_H_Percent", "S&H Percent", "double")
                .ref("account_id", "Organization Name", true, "Accounts")
                .pick("invoicestatus", "Status", "AutoCreated", "Created", "Approved", "Sent", "Credit Invoice",
                        "Paid", "Cancel")
                .owner().system()
                .ref("currency_id", "Currency", false, "Currency")
                .f("conversion_rate", "Conversion Rate", "double")
                .address("bill_", "ship_", "bill_code", "ship_code")
                .f("description", "Description", "text").f("terms_conditions", "Terms & Conditions", "text")
                .readOnly("invoice_no", "Invoice No", "string")
                .readOnly("pre_tax_total", "Pre Tax Total", "currency")
                .f("received", "Received", "currency").readOnly("balance", "Balance", "currency")
                .f("region_id", "Tax Region", "integer")
                .ref("productid", "Item Name", false, "Products")
                .f("quantity", "Quantity", "double").f("listprice", "List Price", "currency")
                .f("comment", "Item Comment", "text").f("discount_amount", "Item Discount Amount", "currency")
                .f("discount_percent", "Item Discount Percent", "double")
                .f("tax1", "VAT", "double").f("tax2", "Sales", "double").f("tax3", "Service", "double")
                // The inventory modules' shipping and handling charge and its taxes, as a real vtiger 7 describes
                // them: VTQL cannot lex these names (a query naming one fails).
                .f("shipping_&_handling", "S&H Amount", "currency")
                .f("shipping_&_handling_shtax1", "VAT", "double")
                .f("shipping_&_handling_shtax2", "Sales", "double")
                .f("shipping_&_handling_shtax3", "Service", "double");
        // vtiger 7 makes the street lines of an invoice mandatory
        invoice.fields.put("bill_street", new Field("bill_street", "Billing Address", true, "text", List.of(), List.of(), true));
        invoice.fields.put("ship_street", new Field("ship_street", "Shipping Address", true, "text", List.of(), List.of(), true));
        out.put(invoice.name, invoice);

        CrmModule users = new CrmModule("Users", "Users", "User", 19, null, null, true)
                .mandatory("user_name", "User Name", "string").f("first_name", "First Name", "string")
                .mandatory("last_name", "Last Name", "string").f("email1", "Email", "email")
                .pick("is_admin", "Admin", "off", "on").pick("status", "Status", "Active", "Inactive")
                .f("currency_id", "Currency", "string");
        out.put(users.name, users);

        CrmModule currency = new CrmModule("Currency", "Currency", "Currency", 27, null, null, false)
                .f("currency_name", "Currency Name", "string").f("currency_code", "Currency Code", "string")
                .f("currency_symbol", "Symbol", "string").f("conversion_rate", "Conversion Rate", "double")
                .f("currency_status", "Status", "string").f("defaultid", "Default", "string").f("deleted", "Deleted", "string");
        out.put(currency.name, currency);

        CrmModule lineItem = new CrmModule("LineItem", "Line Item", "Line Item", 33, null, null, false)
                .f("parent_id", "Parent", "reference").ref("productid", "Product", true, "Products")
                .f("sequence_no", "Sequence No", "integer").f("quantity", "Quantity", "double")
                .f("listprice", "List Price", "currency").f("discount_percent", "Discount Percent", "double")
                .f("discount_amount", "Discount Amount", "currency").f("comment", "Comment", "text")
                .f("tax1", "VAT", "double").f("tax2", "Sales", "double").f("tax3", "Service", "double");
        out.put(lineItem.name, lineItem);

        // vtiger's comments: stock related_to targets (Invoice is not one; an admin can add it, see commentsOnInvoice)
        CrmModule comments = new CrmModule("ModComments", "Comments", "Comment", 36, null, null, true)
                .encodedText("commentcontent", "Comment", true)
                .owner()
                .ref("related_to", "Related To", true, STOCK_COMMENT_TARGETS.toArray(String[]::new))
                .readOnly("createdtime", "Created Time", "datetime").readOnly("modifiedtime", "Modified Time", "datetime")
                .ref("parent_comments", "Related To Comments", false, "ModComments");
        comments.fields.put("creator", new Field("creator", "Creator", false, "reference", List.of("Users"), List.of(), false));
        out.put(comments.name, comments);

        // Documents (DefaultDataPopulator): an external document keeps its URL in filename (filelocationtype E)
        CrmModule documents = new CrmModule("Documents", "Documents", "Document", 15, "note_no", "DOC", true)
                .mandatory("notes_title", "Title", "string")
                .owner()
                .readOnly("createdtime", "Created Time", "datetime").readOnly("modifiedtime", "Modified Time", "datetime")
                .f("filename", "File Name", "file")
                .pick("filelocationtype", "Download Type", "I", "E")
                .f("filestatus", "Active", "boolean")
                .ref("folderid", "Folder Name", false, "DocumentFolders")
                .encodedText("notecontent", "Note", false)
                .readOnly("note_no", "Document No", "string")
                .f("fileversion", "Version", "string")
                .readOnly("filesize", "File Size", "integer").readOnly("filetype", "File Type", "string")
                .readOnly("filedownloadcount", "Download Count", "integer");
        documents.fields.put("modifiedby", new Field("modifiedby", "Last Modified By", false, "reference",
                List.of("Users"), List.of(), false));
        out.put(documents.name, documents);

        CrmModule folders = new CrmModule("DocumentFolders", "Document Folders", "Document Folder", 22, null, null, false)
                .mandatory("foldername", "Folder Name", "string").f("description", "Description", "text");
        out.put(folders.name, folders);

        for (Map.Entry<String, Integer> e : prefixes.entrySet()) {
            CrmModule module = out.get(e.getKey());
            if (module == null) {
                throw new IllegalArgumentException("Unknown module " + e.getKey() + "; known: " + out.keySet());
            }
            module.prefix = e.getValue();
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (CrmModule module : out.values()) {
            String before = seen.put(module.prefix, module.name);
            if (before != null) {
                throw new IllegalArgumentException("Id prefix " + module.prefix + " used by both " + before
                        + " and " + module.name);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
