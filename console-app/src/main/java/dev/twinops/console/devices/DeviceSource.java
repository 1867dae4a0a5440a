package dev.twinops.console.devices;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Where device rows come from. Both methods block: call them off the FX thread. */
public interface DeviceSource {

    /** How many devices match. */
    long count(DeviceQuery query) throws Exception;

    /**
     * Streams every matching device to {@code sink} as rows arrive, fetching further pages while
     * {@code stillWanted} says so (a newer query makes an older one stop).
     *
     * @throws QueryRejectedException when the hub refuses the query as malformed
     */
    void stream(DeviceQuery query, Consumer<DeviceSnapshot> sink, BooleanSupplier stillWanted) throws Exception;
}
