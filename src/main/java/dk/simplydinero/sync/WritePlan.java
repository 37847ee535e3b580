package dk.simplydinero.sync;

/**
 * What a writer ({@link DineroWriter}, {@link CrmWriter}) will do with one mapped record, decided before anything is
 * sent: nothing ({@code UNCHANGED}: linked, and its side's fingerprint equals the link's), bring a record on the other
 * side in line ({@code UPDATE} of {@code target}: linked, or met by first contact), or {@code CREATE}. Decided in one
 * place for the write and for the dry run ({@link DryRun}), so the preview cannot say otherwise than the run does.
 *
 * @param target the other side's id to compare with and update (null for a create)
 */
record WritePlan(Kind kind, String target) {

    enum Kind { UNCHANGED, UPDATE, CREATE }

    static WritePlan unchanged(String target) {
        return new WritePlan(Kind.UNCHANGED, target);
    }

    static WritePlan update(String target) {
        return new WritePlan(Kind.UPDATE, target);
    }

    static WritePlan create() {
        return new WritePlan(Kind.CREATE, null);
    }

    /** Why a record is not written when its twin is gone from the other side (deletions are not propagated). */
    static String deletedIn(dk.simplydinero.model.SyncModule module, String id, String side) {
        return module.key() + " " + id + " was deleted in " + side + " and is not recreated";
    }
}
