package dev.twinops.simulator.faults;

/**
 * The faults drawn for one method call. At most one of the operation faults (download failure, checksum
 * mismatch, apply failure, hang, offline during update) is set, so each operation has one clear story.
 *
 * @param refuse      answer 403 instead of acting
 * @param slowResponse answer late (the operation still runs)
 * @param operationFault the fault that hits the operation itself, or null
 * @param atFraction  where in the download (0..1) a midway fault strikes
 */
public record FaultPlan(boolean refuse, boolean slowResponse, FaultKind operationFault, double atFraction) {

    public static final FaultPlan NONE = new FaultPlan(false, false, null, 0);

    public boolean has(FaultKind kind) {
        return switch (kind) {
            case REFUSE_METHOD -> refuse;
            case SLOW_RESPONSE -> slowResponse;
            default -> operationFault == kind;
        };
    }
}
