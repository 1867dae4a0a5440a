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

    @BeforeEach
    void start() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String address = "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/image.bin", ex -> {
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

    private ThrottledFirmwareFetcher fetcher(long bytesPerSecond) {
        return new ThrottledFirmwareFetcher(ThrottledFirmwareFetcher.newHttpClient(null, io),
                new ExecutorScheduler(timer, Clock.systemUTC()), io, bytesPerSecond);
    }

    /** Collects one download's callbacks. */
    static final class Result implements FirmwareFetcher.Listener {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final List<Long> progress = new ArrayList<>();
        volatile long total;

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
        public void onFailed(String reason) {
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
        assertThat(refused.done.get(20, TimeUnit.SECONDS)).startsWith("failed:");
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
}
