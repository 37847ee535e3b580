package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's commits per created record (issue 13): the intents before the creates are committed a group of records
 * at a time before any of them is sent (a crash must find them; {@link CreateIntentsAhead}), then per record the link,
 * the intent's removal and the failure's resolution in one commit; a record without an open failure costs no
 * statement on the failure table. Counted on the service's DataSource, through a wrapper.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=crm-to-dinero"})
class StoreCommitsTest {

    static SimulatedSides sides;

    /** The tables a record's sync writes; other tables (runs, cursors, Camel's aggregator) are not counted. */
    private static final Pattern RECORD_WRITE = Pattern.compile(
            "^\\s*(insert|update|delete|merge)\\b.*\\b(sync_link|sync_pending_create|sync_failure)\\b", Pattern.DOTALL);
    private static final Pattern FAILURE_TABLE = Pattern.compile("\\bsync_failure\\b");

    /** Commits that wrote a record table: each such statement in auto-commit, or a commit after one. */
    static final AtomicInteger recordCommits = new AtomicInteger();
    /** Writes to the failure table. */
    static final AtomicInteger failureWrites = new AtomicInteger();

    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds ? counting(ds) : bean;
                }
            };
        }
    }

    @Test
    void createdRecordsCostACommitEachAndOneForTheIntentsOfTwentyAndNoFailureStatement(ApiClient api) {
        for (int i = 1; i <= 45; i++) {
            sides.crm.put("Contacts", CrmRecordsInDinero.contact(i));
        }
        recordCommits.set(0);
        failureWrites.set(0);

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(sides.dinero.records("contacts")).as("contacts in Dinero").hasSize(45);
        // 45 links, and the intents in 3 commits (20, 20, 5)
        assertThat(recordCommits.get()).as("commits writing links, intents or failures for 45 created contacts")
                .isEqualTo(48);
        assertThat(failureWrites.get()).as("writes to sync_failure while no record has an open failure").isZero();
    }

    private static DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(StoreCommitsTest.class.getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? counting(c) : result;
                });
    }

    private static Connection counting(Connection target) {
        boolean[] dirty = {false};
        return (Connection) Proxy.newProxyInstance(StoreCommitsTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null
                            && args[0] instanceof String sql) {
                        String lower = sql.toLowerCase(Locale.ROOT);
                        if (RECORD_WRITE.matcher(lower).find()) {
                            if (FAILURE_TABLE.matcher(lower).find()) {
                                failureWrites.incrementAndGet();
                            }
                            if (target.getAutoCommit()) {
                                recordCommits.incrementAndGet();
                            } else {
                                dirty[0] = true;
                            }
                        }
                    } else if (name.equals("commit")) {
                        if (dirty[0]) {
                            recordCommits.incrementAndGet();
                        }
                        dirty[0] = false;
                    } else if (name.equals("rollback")) {
                        dirty[0] = false;
                    }
                    return invoke(target, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
