package dev.twinops.simulator.firmware;

import java.net.URI;

/** Fetches a firmware package, hashing it on the way; callbacks come on I/O threads and must not block. */
public interface FirmwareFetcher {

    Download fetch(URI uri, Listener listener);

    /** A running download; cancelling stops it without any further callback. */
    interface Download {
        void cancel();
    }

    interface Listener {
        /** The size, or -1 when the server does not say. */
        void onStarted(long totalBytes);

        void onProgress(long bytesDownloaded);

        void onCompleted(String sha256Hex, long bytes);

        /**
         * The download cannot go on.
         *
         * @param errorCode what the device reports: {@code DOWNLOAD_FAILED}, {@code SOURCE_NOT_ALLOWED} or
         *                  {@code PACKAGE_TOO_LARGE} (see {@link dev.twinops.dm.reported.ErrorCodes})
         * @param reason    fit for an operator and for reported properties: no credentials, nothing read
         */
        void onFailed(String errorCode, String reason);
    }
}
