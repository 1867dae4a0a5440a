package dev.twinops.console.devices;

/**
 * What the device list is told from outside its own queries (progress queries): the operation each device is part
 * of, and fresher device fields. The list subscribes with {@link DeviceListViewModel#rowEvents()} and alone writes its
 * rows. Calls return at once, from any thread; the list applies them on the FX thread in its next drain.
 */
public interface DeviceRowEvents {

    /** A device's part in an operation changed. */
    void operationChanged(RowOperation shown);

    /** An operation is no longer followed (dismissed, or its hub was left): rows showing it clear. */
    void operationDismissed(String operationId);

    /** A device's table fields as a progress query read them. */
    void deviceRead(DeviceSnapshot snapshot);
}
