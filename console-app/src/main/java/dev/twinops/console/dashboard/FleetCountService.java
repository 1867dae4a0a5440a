package dev.twinops.console.dashboard;

import java.util.List;

/** Runs grouped count queries over the device twins. Blocks: call it off the FX thread. */
public interface FleetCountService {

    /**
     * Every row of {@code query} (all pages), whose count column is named {@link FleetBreakdown#COUNT}.
     *
     * @throws Exception the hub's error, unchanged (the caller words it)
     */
    List<GroupCount> groupCounts(String query) throws Exception;
}
