package dev.twinops.rollout.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The rehearsal stage's firmware server: one image over plain HTTP under {@code /fw/}, every download at once.
 *
 * <p>A device pulls the image at its simulated bandwidth, so a download holds its exchange thread until the device
 * has read the last bytes (the JDK server writes with blocking I/O; the thread waits in the response stream's
 * close). Each download therefore gets a thread of its own (a cached pool, as many as are in flight) and the accept
 * queue is deep: a wave of hundreds of devices asks at once, and on the server's one default thread downloads ran
 * one after another and devices timed out connecting behind them.
 */
public final class FirmwareServer implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final String sha256;

    /** Serves {@code image} on {@code address} (a port the system picks). */
    public FirmwareServer(String address, byte[] image) throws IOException {
        sha256 = sha256(image);
        server = HttpServer.create(new InetSocketAddress(address, 0), BACKLOG);
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "firmware-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/fw/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, image.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(image);
                }
            } catch (IOException e) {
                // a device broke the download off (fault injection)
            }
        });
        server.start();
    }

    /** {@code http://host:port/fw/}: what a fleet's download policy allows. */
    public String source() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/fw/";
    }

    /** The image's URI under {@link #source()}. */
    public String uri(String fileName) {
        return source() + fileName;
    }

    /** The image's SHA-256, hex. */
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static String sha256(byte[] image) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
