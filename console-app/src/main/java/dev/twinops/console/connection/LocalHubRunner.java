package dev.twinops.console.connection;

/** Starts and stops the hub the console runs in-process. Every method blocks: call it off the FX thread. */
public interface LocalHubRunner extends AutoCloseable {

    /** Starts the hub (creating its data directory on first use) and makes the JVM trust its CA. */
    LocalHubEndpoint start() throws Exception;

    /** Stops and starts the hub on the same data directory and address. */
    LocalHubEndpoint restart() throws Exception;

    /**
     * Stops and starts the hub with another tier's throttling (same data, same address).
     *
     * @throws UnsupportedOperationException if this hub cannot play a tier
     */
    default LocalHubEndpoint restartWithTier(LocalHubTier tier) throws Exception {
        throw new UnsupportedOperationException("This local hub cannot change its tier");
    }

    @Override
    void close();
}
