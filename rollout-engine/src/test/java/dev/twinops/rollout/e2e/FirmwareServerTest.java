package dev.twinops.rollout.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The stage's firmware server serves a wave's downloads side by side, not one after another. */
class FirmwareServerTest {

    private static final int DOWNLOADS = 16;
    /** More than the socket buffers hold (Linux: up to 4 MB sent, 128 KB received): unread, a download cannot end. */
    private static final int IMAGE_SIZE = 8 * 1024 * 1024;

    @Test
    void everyDownloadOfAWaveIsInFlightAtOnce() throws Exception {
        byte[] image = new byte[IMAGE_SIZE];
        new Random(3).nextBytes(image);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String address = "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try (FirmwareServer server = new FirmwareServer(address, image)) {
            List<CompletableFuture<HttpResponse<InputStream>>> downloads = new ArrayList<>();
            for (int i = 0; i < DOWNLOADS; i++) {
                downloads.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.uri("image.bin"))).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }

            // every response has begun while no body has been read: a server that serves one download at a time
            // answers the second only once the first has been read to its end
            await().atMost(Duration.ofSeconds(60)).until(() -> downloads.stream().allMatch(CompletableFuture::isDone));
            for (CompletableFuture<HttpResponse<InputStream>> download : downloads) {
                HttpResponse<InputStream> response = download.join();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(IMAGE_SIZE);
            }
            for (CompletableFuture<HttpResponse<InputStream>> download : downloads) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                try (InputStream body = new DigestInputStream(download.join().body(), sha256)) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
                assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(server.sha256());
            }
        }
    }
}
