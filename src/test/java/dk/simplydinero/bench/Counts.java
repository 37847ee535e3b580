package dk.simplydinero.bench;

/** Records per module: organizations, contacts (persons), products, invoices. */
record Counts(int organizations, int contacts, int products, int invoices) {

    static final Counts NONE = new Counts(0, 0, 0, 0);

    /**
     * {@code total} records in the benchmark's shares (15 % organizations, 45 % contacts, 10 % products, 30 % invoices:
     * a firm's CRM holds a few people per customer and a few invoices each, from a small catalogue); the rounding
     * rest goes to contacts, and there is at least one organization and one product when there are invoices.
     */
    static Counts ofTotal(int total) {
        int organizations = total * 15 / 100;
        int products = total * 10 / 100;
        int invoices = total * 30 / 100;
        if (invoices > 0) {
            organizations = Math.max(1, organizations);
            products = Math.max(1, products);
        }
        return new Counts(organizations, total - organizations - products - invoices, products, invoices);
    }

    int total() {
        return organizations + contacts + products + invoices;
    }
}
