package dev.twinops.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.twinops.simulator.device.ExecutorScheduler;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottledFirmwareFetcherTest {

    private static final byte[] IMAGE = new byte[300 * 1024];

    static {
        new Random(3).nextBytes(IMAGE);
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private ScheduledExecutorService timer;
    private ExecutorService io;
    private String base;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String address = "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/image.bin", ex -> {
            requests.incrementAndGet();
            try (ex) {
                ex.sendResponseHeaders(200, IMAGE.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(IMAGE);
                }
            }
        });
        server.createContext("/truncated.bin", ex -> {
            // promises the whole image, sends a third, then hangs up: a connection lost midway
            ex.sendResponseHeaders(200, IMAGE.length);
            OutputStream out = ex.getResponseBody();
            out.write(IMAGE, 0, IMAGE.length / 3);
            out.flush();
            ex.close();
        });
        server.createContext("/stream.bin", ex -> {
            requests.incrementAndGet();
            // no Content-Length: the size shows only as it arrives
            try (ex) {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(IMAGE);
                }
            } catch (java.io.IOException e) {
                // the client stopped reading at its limit
            }
        });
        server.createContext("/moved.bin", ex -> {
            try (ex) {
                ex.getResponseHeaders().add("Location", "/image.bin");
                ex.sendResponseHeaders(302, -1);
            }
        });
        server.createContext("/away.bin", ex -> {
            try (ex) {
                ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                ex.sendResponseHeaders(302, -1);
            }
        });
        server.start();
        base = "http://" + address + ":" + server.getAddress().getPort();
        timer = Executors.newSingleThreadScheduledExecutor();
        io = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        timer.shutdownNow();
        io.shutdownNow();
    }

    /** Allows the test's directory, its server and loopback on any port. */
    private ThrottledFirmwareFetcher fetcher(long bytesPerSecond) {
        return fetcher(bytesPerSecond, DownloadPolicy.of(List.of(dir.toString(), base + "/", "http://127.0.0.1:*"),
                DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES));
    }

    private ThrottledFirmwareFetcher fetcher(long bytesPerSecond, DownloadPolicy policy) {
        return new ThrottledFirmwareFetcher(ThrottledFirmwareFetcher.newHttpClient(null, io),
                new ExecutorScheduler(timer, Clock.systemUTC()), io, bytesPerSecond, policy);
    }

    /** Collects one download's callbacks. */
    static final class Result implements FirmwareFetcher.Listener {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final List<Long> progress = new ArrayList<>();
        volatile long total;
        volatile String errorCode;

        @Override
        public void onStarted(long totalBytes) {
            total = totalBytes;
        }

        @Override
        public synchronized void onProgress(long bytesDownloaded) {
            progress.add(bytesDownloaded);
        }

        @Override
        public void onCompleted(String sha256Hex, long bytes) {
            done.complete(sha256Hex + "/" + bytes);
        }

        @Override
        public void onFailed(String errorCode, String reason) {
            this.errorCode = errorCode;
            done.complete("failed: " + reason);
        }
    }

    private static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void downloadsOverHttpHashingTheImageAtTheGivenBandwidth() throws Exception {
        Result r = new Result();
        long started = System.nanoTime();
        fetcher(600 * 1024).fetch(URI.create(base + "/image.bin"), r);
        assertThat(r.done.get(20, TimeUnit.SECONDS)).isEqualTo(sha(IMAGE) + "/" + IMAGE.length);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // 300 KiB at 600 KiB/s cannot arrive in less than about half a second
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
        assertThat(r.total).isEqualTo(IMAGE.length);
        assertThat(r.progress).isSorted().last().isEqualTo((long) IMAGE.length);
    }

    @Test
    void readsFileUris() throws Exception {
        Path file = dir.resolve("fw.bin");
        Files.write(file, IMAGE);
        Result r = new Result();
        fetcher(0).fetch(file.toUri(), r);
        assertThat(r.done.get(20, TimeUnit.SECONDS)).isEqualTo(sha(IMAGE) + "/" + IMAGE.length);

        Result missing = new Result();
        fetcher(0).fetch(dir.resolve("nope.bin").toUri(), missing);
        assertThat(missing.done.get(20, TimeUnit.SECONDS)).startsWith("failed: firmware file not found");
    }

    @Test
    void httpErrorsAndBrokenTransfersAreReportedAsFailures() throws Exception {
        Result notFound = new Result();
        fetcher(0).fetch(URI.create(base + "/missing.bin?sig=secret"), notFound);
        assertThat(notFound.done.get(20, TimeUnit.SECONDS)).contains("HTTP 404").doesNotContain("secret");

        Result truncated = new Result();
        fetcher(0).fetch(URI.create(base + "/truncated.bin"), truncated);
        assertThat(truncated.done.get(20, TimeUnit.SECONDS)).startsWith("failed: download of").contains("broke off");

        Result refused = new Result();
        fetcher(0).fetch(URI.create("http://127.0.0.1:1/x.bin"), refused);
        assertThat(refused.done.get(20, TimeUnit.SECONDS)).startsWith("failed:").contains("connection refused");
    }

    @Test
    void aConnectTimeoutIsNotCalledARefusal() {
        // the JDK's connect timeout carries a ConnectException as its cause
        java.net.http.HttpConnectTimeoutException timeout =
                new java.net.http.HttpConnectTimeoutException("HTTP connect timed out");
        timeout.initCause(new java.net.ConnectException("HTTP connect timed out"));

        assertThat(ThrottledFirmwareFetcher.describe(new java.util.concurrent.CompletionException(timeout)))
                .isEqualTo("connect timed out");
        assertThat(ThrottledFirmwareFetcher.describe(new java.util.concurrent.CompletionException(
                new java.net.ConnectException()))).isEqualTo("connection refused");
    }

    @Test
    void aCancelledDownloadStaysSilent() throws Exception {
        Result r = new Result();
        FirmwareFetcher.Download d = fetcher(100 * 1024).fetch(URI.create(base + "/image.bin"), r);
        d.cancel();
        // at 100 KiB/s the whole image would take three seconds; nothing may arrive after the cancel
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1500))
                .atMost(java.time.Duration.ofSeconds(3)).until(() -> !r.done.isDone());
    }

    private DownloadPolicy onlyHere(long maxBytes) {
        return DownloadPolicy.of(List.of(dir.toString(), base + "/"), maxBytes);
    }

    @Test
    void aFileOutsideTheAllowedDirectoriesIsRefusedUnread() throws Exception {
        Path elsewhere = Files.createTempFile("fetcher-outside-", ".bin");
        try {
            Files.write(elsewhere, IMAGE);
            Result r = new Result();
            fetcher(0, onlyHere(DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES)).fetch(elsewhere.toUri(), r);
            assertThat(r.done.get(20, TimeUnit.SECONDS)).startsWith("failed: the file is outside the directories")
                    .doesNotContain(sha(IMAGE)).doesNotContain(String.valueOf(IMAGE.length));
            assertThat(r.errorCode).isEqualTo("SOURCE_NOT_ALLOWED");
            assertThat(r.progress).isEmpty();
            assertThat(r.total).isZero(); // never started
        } finally {
            Files.deleteIfExists(elsewhere);
        }
    }

    @Test
    void aHostNotAllowedIsRefusedWithoutAConnection() throws Exception {
        Result r = new Result();
        fetcher(0, DownloadPolicy.of(List.of(dir.toString()), 1024)).fetch(URI.create(base + "/image.bin"), r);
        assertThat(r.done.get(20, TimeUnit.SECONDS)).contains("is not a firmware source");
        assertThat(r.errorCode).isEqualTo("SOURCE_NOT_ALLOWED");
        assertThat(requests.get()).isZero();
    }

    @Test
    void redirectsAreFollowedOnlyToAllowedLocations() throws Exception {
        Result moved = new Result();
        fetcher(0, onlyHere(DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES)).fetch(URI.create(base + "/moved.bin"), moved);
        assertThat(moved.done.get(20, TimeUnit.SECONDS)).isEqualTo(sha(IMAGE) + "/" + IMAGE.length);

        Result away = new Result();
        fetcher(0, onlyHere(DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES)).fetch(URI.create(base + "/away.bin"), away);
        assertThat(away.done.get(20, TimeUnit.SECONDS)).contains("was redirected").contains("169.254.169.254");
        assertThat(away.errorCode).isEqualTo("SOURCE_NOT_ALLOWED");
    }

    @Test
    void anAnnouncedSizeOverTheLimitIsRefusedBeforeReading() throws Exception {
        Result http = new Result();
        fetcher(0, onlyHere(100 * 1024)).fetch(URI.create(base + "/image.bin"), http);
        assertThat(http.done.get(20, TimeUnit.SECONDS)).isEqualTo("failed: the package is larger than the 100 KiB "
                + "this device accepts");
        assertThat(http.errorCode).isEqualTo("PACKAGE_TOO_LARGE");
        assertThat(http.progress).isEmpty();

        Path file = Files.write(dir.resolve("big.bin"), IMAGE);
        Result local = new Result();
        fetcher(0, onlyHere(100 * 1024)).fetch(file.toUri(), local);
        assertThat(local.done.get(20, TimeUnit.SECONDS)).contains("larger than the 100 KiB");
        assertThat(local.errorCode).isEqualTo("PACKAGE_TOO_LARGE");
        assertThat(local.progress).isEmpty();
    }

    @Test
    void aDownloadOfUnannouncedSizeStopsAtTheLimit() throws Exception {
        Result r = new Result();
        fetcher(0, onlyHere(100 * 1024)).fetch(URI.create(base + "/stream.bin"), r);
        assertThat(r.done.get(20, TimeUnit.SECONDS)).contains("larger than the 100 KiB");
        assertThat(r.errorCode).isEqualTo("PACKAGE_TOO_LARGE");
        assertThat(r.total).isEqualTo(-1);
        synchronized (r) {
            assertThat(r.progress).allMatch(bytes -> bytes <= 100 * 1024);
        }
        // within the limit the same stream completes
        Result whole = new Result();
        fetcher(0, onlyHere(IMAGE.length)).fetch(URI.create(base + "/stream.bin"), whole);
        assertThat(whole.done.get(20, TimeUnit.SECONDS)).isEqualTo(sha(IMAGE) + "/" + IMAGE.length);
    }
}
