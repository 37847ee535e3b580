package dk.simplydinero.store;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several store writes as one commit. The stores' {@code JdbcClient} joins the transaction Spring's manager holds on
 * the same DataSource, so what runs inside lands together or not at all (a crash leaves none of it), and costs one
 * commit instead of one per statement.
 */
@Component
public class StoreTransaction {

    private final TransactionTemplate template;

    public StoreTransaction(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
    }

    /** Runs {@code writes} (store calls only: no remote call may wait inside a transaction) in one transaction. */
    public void inOne(Runnable writes) {
        template.executeWithoutResult(status -> writes.run());
    }
}
