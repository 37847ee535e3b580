package dk.simplydinero.crm;

/**
 * The CRM does not offer an operation Simply CRM does not document ({@code add_related}, {@code retrieve_related},
 * {@code query_related}): vtiger answers an unknown operation with a PHP error page, not JSON. Not a transport problem
 * (trying again will not help, and the CRM is not down): the caller takes its fallback.
 */
public class CrmLacksOperationException extends CrmException {

    public CrmLacksOperationException(String operation, String reason) {
        super(operation, "UNSUPPORTED_OPERATION", "this CRM does not support the operation " + operation
                + " (" + reason + ")");
    }
}
