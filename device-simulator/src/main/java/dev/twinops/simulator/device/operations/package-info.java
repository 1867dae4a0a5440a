/**
 * The management operations a simulated device carries out, one {@link
 * dev.twinops.simulator.device.operations.DeviceOperation} each (reboot, factory reset, firmware update), and
 * the device's persistent {@link dev.twinops.simulator.device.operations.DeviceFlash}.
 *
 * <p>An operation reads its request, runs its state machine through the {@link
 * dev.twinops.simulator.device.operations.OperationHost} (reports, timers, going offline, ending) and keeps its
 * last state in the flash. To add one: implement {@code DeviceOperation} here and register it in {@code
 * SimulatedDevice}'s constructor (the method itself belongs to the device-management contract).
 */
package dev.twinops.simulator.device.operations;
