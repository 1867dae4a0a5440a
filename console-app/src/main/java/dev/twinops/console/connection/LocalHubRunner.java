package dev.twinops.console.connection;

/** Starts and stops the hub the console runs in-process. Every method blocks: call it off the FX thread. */
public interface LocalHubRunner extends AutoCloseable {

    /** Starts the hub (creating its data directory on first use) and makes the JVM trust its CA. */
    LocalHubEndpoint start() throws Exception;

    /** Stops and starts the hub on the same data directory and address. */
    LocalHubEndpoint restart() throws Exception;

    @Override
    void close();
}
