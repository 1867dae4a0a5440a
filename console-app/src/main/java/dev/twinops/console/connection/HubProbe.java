package dev.twinops.console.connection;

/** One cheap call that proves a hub answers and accepts the credentials. */
@FunctionalInterface
public interface HubProbe {

    /** @return the number of devices in the hub */
    long countDevices(HubConnection connection) throws Exception;
}
