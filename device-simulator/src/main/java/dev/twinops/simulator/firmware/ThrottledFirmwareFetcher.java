package dev.twinops.simulator.firmware;

import dev.twinops.simulator.device.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.net.http.HttpTimeoutException;
import java.net.ConnectException;

/**
 * Downloads firmware for real over http, https and file URIs at a simulated bandwidth per device. Nothing
 * blocks a thread while it waits: HTTP bodies are pulled one chunk at a time through the JDK HttpClient's
 * reactive body publisher, and the next chunk is requested only when the bandwidth allows (a timer on the
 * shared scheduler); files are read in chunks on the I/O executor at the same pace. The image is hashed as it
 * arrives and not kept: "applying" it is simulated.
 */
public final class ThrottledFirmwareFetcher implements FirmwareFetcher {

    private static final int FILE_CHUNK = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Scheduler scheduler;
    private final Executor io;
    private final long bytesPerSecond;

    /**
     * @param http           shared client (its SSLContext decides which https servers are trusted)
     * @param bytesPerSecond simulated bandwidth per download; 0 means as fast as possible
     */
    public ThrottledFirmwareFetcher(HttpClient http, Scheduler scheduler, Executor io, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be zero (unlimited) or positive");
        }
        this.http = http;
        this.scheduler = scheduler;
        this.io = io;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** A client suitable for firmware downloads: follows redirects, bounded connect time, the given trust. */
    public static HttpClient newHttpClient(javax.net.ssl.SSLContext sslContext, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    @Override
    public Download fetch(URI uri, Listener listener) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Transfer transfer = new Transfer(listener);
        switch (scheme) {
            case "http", "https" -> fetchHttp(uri, transfer);
            case "file" -> fetchFile(uri, transfer);
            default -> transfer.fail("unsupported URI scheme '" + scheme + "'");
        }
        return transfer::cancel;
    }

    private void fetchHttp(URI uri, Transfer transfer) {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofMinutes(10)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()).whenComplete((response, error) -> {
            if (error != null) {
                transfer.fail("download of " + redacted(uri) + " failed: " + describe(error));
                return;
            }
            if (response.statusCode() != 200) {
                transfer.fail("download of " + redacted(uri) + " failed: HTTP " + response.statusCode());
                response.body().subscribe(new DiscardingSubscriber());
                return;
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (!transfer.start(total)) {
                response.body().subscribe(new DiscardingSubscriber());
                return;
            }
            response.body().subscribe(new ThrottledSubscriber(transfer, uri));
        });
    }

    private void fetchFile(URI uri, Transfer transfer) {
        execute(() -> {
            FileChannel channel;
            long size;
            try {
                channel = FileChannel.open(Path.of(uri), StandardOpenOption.READ);
                size = channel.size();
            } catch (NoSuchFileException e) {
                transfer.fail("firmware file not found: " + uri.getPath());
                return;
            } catch (IOException | IllegalArgumentException | SecurityException e) {
                transfer.fail("cannot read firmware file " + uri.getPath() + ": " + describe(e));
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
        if (transfer.cancelled.get()) {
            closeQuietly(channel);
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(FILE_CHUNK);
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            closeQuietly(channel);
            transfer.fail("reading firmware file " + uri.getPath() + " failed: " + describe(e));
            return;
        }
        if (n < 0) {
            closeQuietly(channel);
            transfer.complete();
            return;
        }
        buffer.flip();
        transfer.accept(buffer);
        scheduler.schedule(transfer.delayBeforeNext(), () -> execute(() -> readFileChunk(channel, transfer, uri),
                transfer));
    }

    private void execute(Runnable task, Transfer transfer) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            transfer.fail("simulator is shutting down");
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

    private static String describe(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause.getCause() instanceof ConnectException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** One download's progress, digest and pacing; callbacks are delivered once and never after cancel. */
    private final class Transfer {
        private final Listener listener;
        private final MessageDigest digest;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        private long startNanos;
        private long bytes;

        Transfer(Listener listener) {
            this.listener = listener;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        boolean start(long total) {
            if (cancelled.get()) {
                return false;
            }
            startNanos = System.nanoTime();
            listener.onStarted(total);
            return true;
        }

        synchronized void accept(ByteBuffer buffer) {
            int n = buffer.remaining();
            digest.update(buffer);
            bytes += n;
            if (!cancelled.get()) {
                listener.onProgress(bytes);
            }
        }

        /** How long to wait before the next chunk so the average rate stays at the bandwidth. */
        synchronized Duration delayBeforeNext() {
            if (bytesPerSecond == 0) {
                return Duration.ZERO;
            }
            long dueNanos = (long) (bytes * 1_000_000_000.0 / bytesPerSecond);
            long elapsed = System.nanoTime() - startNanos;
            return Duration.ofNanos(Math.max(0, dueNanos - elapsed));
        }

        synchronized void complete() {
            if (!cancelled.get() && finished.compareAndSet(false, true)) {
                listener.onCompleted(HexFormat.of().formatHex(digest.digest()), bytes);
            }
        }

        void fail(String reason) {
            if (!cancelled.get() && finished.compareAndSet(false, true)) {
                listener.onFailed(reason);
            }
        }

        void cancel() {
            cancelled.set(true);
        }
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
            if (transfer.cancelled.get()) {
                subscription.cancel();
                return;
            }
            for (ByteBuffer b : buffers) {
                transfer.accept(b);
            }
            Duration wait = transfer.delayBeforeNext();
            if (wait.isZero()) {
                subscription.request(1);
            } else {
                scheduler.schedule(wait, () -> {
                    if (transfer.cancelled.get()) {
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
            transfer.fail("download of " + redacted(uri) + " broke off after " + transfer.bytes + " bytes: "
                    + describe(error));
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
