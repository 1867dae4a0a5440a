package dev.twinops.rollout.plan;

import java.math.BigDecimal;

/** Percentages as people write them: 1 %, 12.5 %. */
public final class Percent {

    private Percent() {
    }

    public static String format(double percent) {
        return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + " %";
    }
}
