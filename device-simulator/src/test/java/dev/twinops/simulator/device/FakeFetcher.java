package dev.twinops.simulator.device;

import dev.twinops.simulator.firmware.FirmwareFetcher;
import java.net.URI;

/** A download the test drives by hand. */
final class FakeFetcher implements FirmwareFetcher {

    Listener listener;
    URI uri;
    boolean cancelled;
    int fetches;

    @Override
    public Download fetch(URI uri, Listener listener) {
        this.uri = uri;
        this.listener = listener;
        this.cancelled = false;
        fetches++;
        return () -> cancelled = true;
    }

    void deliver(long total, long... steps) {
        listener.onStarted(total);
        for (long s : steps) {
            if (cancelled) {
                return;
            }
            listener.onProgress(s);
        }
    }
}
