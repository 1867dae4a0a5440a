package dev.twinops.simulator.firmware;

import dev.twinops.dm.reported.ErrorCodes;
import dev.twinops.simulator.device.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.ConnectException;

/**
 * Downloads firmware for real over http, https and file URIs at a simulated bandwidth per device. Nothing
 * blocks a thread while it waits: HTTP bodies are pulled one chunk at a time through the JDK HttpClient's
 * reactive body publisher, and the next chunk is requested only when the bandwidth allows (a timer on the
 * shared scheduler); files are read in chunks on the I/O executor at the same pace. The image is hashed as it
 * arrives and not kept: "applying" it is simulated.
 *
 * <p>The {@link DownloadPolicy} decides what may be fetched: a location it does not allow fails with
 * {@code SOURCE_NOT_ALLOWED} before anything is read (redirects are followed here, each target checked), and a
 * package over its size limit fails with {@code PACKAGE_TOO_LARGE}, before reading when the size is announced
 * and at the limit otherwise.
 */
public final class ThrottledFirmwareFetcher implements FirmwareFetcher {

    private static final int FILE_CHUNK = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient http;
    private final Scheduler scheduler;
    private final Executor io;
    private final long bytesPerSecond;
    private final DownloadPolicy policy;

    /**
     * @param http           shared client from {@link #newHttpClient} (its SSLContext decides which https servers
     *                       are trusted; it must not follow redirects itself, so each target is checked)
     * @param bytesPerSecond simulated bandwidth per download; 0 means as fast as possible
     * @param policy         which locations may be read, and how much
     */
    public ThrottledFirmwareFetcher(HttpClient http, Scheduler scheduler, Executor io, long bytesPerSecond,
                                    DownloadPolicy policy) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be zero (unlimited) or positive");
        }
        this.http = http;
        this.scheduler = scheduler;
        this.io = io;
        this.bytesPerSecond = bytesPerSecond;
        this.policy = policy;
    }

    /**
     * A client suitable for firmware downloads: bounded connect time, the given trust, and no redirects of its own
     * (the fetcher follows them after checking each target against its policy).
     */
    public static HttpClient newHttpClient(javax.net.ssl.SSLContext sslContext, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    @Override
    public Download fetch(URI uri, Listener listener) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transfer transfer = new Transfer(listener, bytesPerSecond, policy.maxPackageBytes());
        switch (scheme) {
            case "http", "https" -> {
                try {
                    policy.checkUrl(uri);
                    fetchHttp(uri, transfer, 0);
                } catch (DownloadPolicy.NotAllowedException e) {
                    execute(() -> transfer.fail(ErrorCodes.SOURCE_NOT_ALLOWED, e.getMessage()), transfer);
                }
            }
            case "file" -> fetchFile(uri, transfer);
            default -> execute(() -> transfer.fail(ErrorCodes.SOURCE_NOT_ALLOWED,
                    "unsupported URI scheme '" + scheme + "'"), transfer);
        }
        return transfer::cancel;
    }

    private void fetchHttp(URI uri, Transfer transfer, int redirects) {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(10)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()).whenComplete((response, error) -> {
            if (error != null) {
                transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(uri) + " failed: " + describe(error));
                return;
            }
            if (REDIRECTS.contains(response.statusCode())) {
                response.body().subscribe(new DiscardingSubscriber());
                followRedirect(uri, response.headers().firstValue("Location"), transfer, redirects);
                return;
            }
            if (response.statusCode() != 200) {
                transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(uri) + " failed: HTTP "
                        + response.statusCode());
                response.body().subscribe(new DiscardingSubscriber());
                return;
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (total > policy.maxPackageBytes()) {
                transfer.fail(ErrorCodes.PACKAGE_TOO_LARGE, tooLarge());
                response.body().subscribe(new DiscardingSubscriber());
                return;
            }
            if (!transfer.start(total)) {
                response.body().subscribe(new DiscardingSubscriber());
                return;
            }
            response.body().subscribe(new ThrottledSubscriber(transfer, uri));
        });
    }

    private void followRedirect(URI from, Optional<String> location, Transfer transfer, int redirects) {
        if (location.isEmpty()) {
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(from) + " failed: a redirect without "
                    + "a location");
            return;
        }
        if (redirects >= MAX_REDIRECTS) {
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(from) + " failed: more than "
                    + MAX_REDIRECTS + " redirects");
            return;
        }
        URI next;
        try {
            next = from.resolve(location.get());
        } catch (IllegalArgumentException e) {
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(from) + " failed: a redirect to an "
                    + "invalid location");
            return;
        }
        try {
            policy.checkUrl(next);
        } catch (DownloadPolicy.NotAllowedException e) {
            transfer.fail(ErrorCodes.SOURCE_NOT_ALLOWED, "download of " + redacted(from) + " was redirected: "
                    + e.getMessage());
            return;
        }
        if (!transfer.isCancelled()) {
            fetchHttp(next, transfer, redirects + 1);
        }
    }

    private void fetchFile(URI uri, Transfer transfer) {
        execute(() -> {
            FileChannel channel;
            long size;
            try {
                Path file = policy.allowedFile(uri);
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "firmware file " + uri.getPath() + " is not a regular file");
                    return;
                }
                // the real path, not followed again: a link swapped in after the check is not read
                channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                size = channel.size();
            } catch (DownloadPolicy.NotAllowedException e) {
                transfer.fail(ErrorCodes.SOURCE_NOT_ALLOWED, e.getMessage());
                return;
            } catch (NoSuchFileException e) {
                transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "firmware file not found: " + uri.getPath());
                return;
            } catch (IOException | IllegalArgumentException | SecurityException | UnsupportedOperationException e) {
                transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "cannot read firmware file " + uri.getPath() + ": "
                        + describe(e));
                return;
            }
            if (size > policy.maxPackageBytes()) {
                closeQuietly(channel);
                transfer.fail(ErrorCodes.PACKAGE_TOO_LARGE, tooLarge());
                return;
            }
            if (!transfer.start(size)) {
                closeQuietly(channel);
                return;
            }
            readFileChunk(channel, transfer, uri);
        }, transfer);
    }

    private void readFileChunk(FileChannel channel, Transfer transfer, URI uri) {
        if (transfer.isCancelled()) {
            closeQuietly(channel);
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(FILE_CHUNK);
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            closeQuietly(channel);
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "reading firmware file " + uri.getPath() + " failed: "
                    + describe(e));
            return;
        }
        if (n < 0) {
            closeQuietly(channel);
            transfer.complete();
            return;
        }
        buffer.flip();
        if (!transfer.accept(buffer)) {
            closeQuietly(channel); // grew past the limit while being read
            return;
        }
        scheduler.schedule(transfer.delayBeforeNext(), () -> execute(() -> readFileChunk(channel, transfer, uri),
                transfer));
    }

    private void execute(Runnable task, Transfer transfer) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "simulator is shutting down");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to lose
        }
    }

    /** The URI without user info or query, which may carry credentials (e.g. a storage SAS token). */
    static String redacted(URI uri) {
        return uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getPath() == null ? "" : uri.getPath());
    }

    private String tooLarge() {
        return Transfer.tooLarge(policy.maxPackageBytes());
    }

    /** A download failure in a few words; a connect timeout is not called a refusal (the JDK wraps both alike). */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return "connect timed out";
            }
            if (c instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (c instanceof ConnectException) {
                return c.getMessage() == null || c.getMessage().isBlank() ? "connection refused"
                        : c.getMessage().toLowerCase(java.util.Locale.ROOT);
            }
        }
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** Pulls one chunk list at a time, waiting between requests as the bandwidth dictates. */
    private final class ThrottledSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        private final Transfer transfer;
        private final URI uri;
        private volatile Flow.Subscription subscription;

        ThrottledSubscriber(Transfer transfer, URI uri) {
            this.transfer = transfer;
            this.uri = uri;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (transfer.isCancelled()) {
                subscription.cancel();
                return;
            }
            for (ByteBuffer b : buffers) {
                if (!transfer.accept(b)) {
                    subscription.cancel();
                    return;
                }
            }
            Duration wait = transfer.delayBeforeNext();
            if (wait.isZero()) {
                subscription.request(1);
            } else {
                scheduler.schedule(wait, () -> {
                    if (transfer.isCancelled()) {
                        subscription.cancel();
                    } else {
                        subscription.request(1);
                    }
                });
            }
        }

        @Override
        public void onError(Throwable error) {
            if (error instanceof CancellationException) {
                return;
            }
            transfer.fail(ErrorCodes.DOWNLOAD_FAILED, "download of " + redacted(uri) + " broke off after "
                    + transfer.bytes() + " bytes: " + describe(error));
        }

        @Override
        public void onComplete() {
            transfer.complete();
        }
    }

    private static final class DiscardingSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
