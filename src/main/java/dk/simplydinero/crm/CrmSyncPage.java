package dk.simplydinero.crm;

import java.util.List;
import java.util.Map;

/**
 * One page of the CRM's {@code sync} change feed (or of the query that stands in for it,
 * {@link SimplyCrmClient#queryChangePages}, which lists no deletions): changed records (no line items), ids of
 * deleted records still in the recycle bin, the page's highest modified time (unix seconds; the input when empty)
 * and whether more pages follow. A sync page holds every record of its last second, so asking again with
 * {@code lastModifiedTime} misses nothing.
 */
public record CrmSyncPage(List<Map<String, Object>> updated, List<String> deleted, long lastModifiedTime,
                          boolean more) {
}
