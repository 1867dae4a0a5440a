package dev.twinops.simulator.device;

/** A simulated device's connection, as the fleet summary counts it. */
public enum ConnectionState {
    /** Opening its connection (first start or coming back from a reboot). */
    CONNECTING,
    /** Connected and its state reported. */
    ONLINE,
    /** Deliberately away (rebooting, dropped off) or lost by the transport. */
    OFFLINE,
    /** Stopped with the fleet. */
    STOPPED
}
