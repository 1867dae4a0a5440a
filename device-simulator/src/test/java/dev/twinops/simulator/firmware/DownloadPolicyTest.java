package dev.twinops.simulator.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadPolicyTest {

    @TempDir
    Path temp;

    private static DownloadPolicy policy(String... sources) {
        return DownloadPolicy.of(List.of(sources), DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES);
    }

    private static boolean allows(DownloadPolicy policy, String url) {
        try {
            policy.checkUrl(URI.create(url));
            return true;
        } catch (DownloadPolicy.NotAllowedException e) {
            return false;
        }
    }

    @Test
    void aFileInAnAllowedDirectoryIsReadFromItsRealPath() throws Exception {
        Path root = Files.createDirectories(temp.resolve("firmware"));
        Path image = Files.write(root.resolve("fw-2.0.0.bin"), new byte[] {1, 2, 3});
        DownloadPolicy policy = policy(root.toString());
        assertThat(policy.allowedFile(image.toUri())).isEqualTo(image.toRealPath());
        // inside, a missing file is simply missing
        assertThatThrownBy(() -> policy.allowedFile(root.resolve("nope.bin").toUri()))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileOutsideIsRefusedAlikeWhetherOrNotItExists() throws Exception {
        Path root = Files.createDirectories(temp.resolve("firmware"));
        Path elsewhere = Files.write(temp.resolve("secret.key"), new byte[] {42});
        DownloadPolicy policy = policy(root.toString());
        String existing = messageOf(policy, elsewhere.toUri());
        String missing = messageOf(policy, temp.resolve("no-such-file").toUri());
        assertThat(existing).isEqualTo(missing).contains("outside the directories").doesNotContain(root.toString());
        assertThat(messageOf(policy, URI.create("file:///etc/passwd"))).isEqualTo(existing);
        // a way out by dot segments is the same path as written
        assertThat(messageOf(policy, URI.create(root.toUri() + "../secret.key"))).isEqualTo(existing);
        // a sibling whose name starts the same is not inside
        Path sibling = Files.write(Files.createDirectories(temp.resolve("firmware-old")).resolve("fw.bin"), new byte[1]);
        assertThat(messageOf(policy, sibling.toUri())).isEqualTo(existing);
        assertThat(messageOf(policy, URI.create("file://fileserver/share/fw.bin"))).contains("host");
    }

    @Test
    void aLinkFromInsideToOutsideIsRefused() throws Exception {
        Path root = Files.createDirectories(temp.resolve("firmware"));
        Path elsewhere = Files.write(temp.resolve("secret.key"), new byte[] {42});
        Path link = Files.createSymbolicLink(root.resolve("fw.bin"), elsewhere);
        assertThat(messageOf(policy(root.toString()), link.toUri())).contains("outside the directories");
    }

    @Test
    void aDirectoryGivenThroughALinkAllowsItsFiles() throws Exception {
        Path real = Files.createDirectories(temp.resolve("real"));
        Path image = Files.write(real.resolve("fw.bin"), new byte[] {1});
        Path alias = Files.createSymbolicLink(temp.resolve("alias"), real);
        assertThat(policy(alias.toString()).allowedFile(alias.resolve("fw.bin").toUri())).isEqualTo(image.toRealPath());
        assertThat(policy("file://" + real.toUri().getPath()).allowedFile(image.toUri())).isEqualTo(image.toRealPath());
    }

    @Test
    void urlPrefixesMatchSchemeHostPortAndPath() {
        DownloadPolicy p = policy("https://fw.example.com/releases/", "https://*.blob.core.windows.net/",
                "http://127.0.0.1:8000/", "http://localhost:*");
        assertThat(allows(p, "https://fw.example.com/releases/tx-2.0.0.bin")).isTrue();
        assertThat(allows(p, "https://FW.example.com:443/releases/a/b.bin")).isTrue();
        assertThat(allows(p, "https://fw.example.com/releases-old/tx.bin")).isFalse();
        assertThat(allows(p, "https://fw.example.com/other/tx.bin")).isFalse();
        assertThat(allows(p, "https://fw.example.com/releases/../admin")).isFalse();
        assertThat(allows(p, "https://fw.example.com/releases/%2e%2e/admin")).isFalse();
        assertThat(allows(p, "http://fw.example.com/releases/tx.bin")).as("https only").isFalse();
        assertThat(allows(p, "https://fw.example.com:8443/releases/tx.bin")).as("another port").isFalse();

        assertThat(allows(p, "https://acct.blob.core.windows.net/fw/a.bin?sv=x&sig=y")).isTrue();
        assertThat(allows(p, "https://blob.core.windows.net/fw/a.bin")).isFalse();
        assertThat(allows(p, "https://evilblob.core.windows.net/fw/a.bin")).isFalse();
        assertThat(allows(p, "https://acct.blob.core.windows.net.evil.com/a.bin")).isFalse();

        assertThat(allows(p, "http://127.0.0.1:8000/fw.bin")).isTrue();
        assertThat(allows(p, "http://127.0.0.1/fw.bin")).isFalse();
        assertThat(allows(p, "http://127.0.0.1:8001/fw.bin")).isFalse();
        assertThat(allows(p, "http://localhost:1234/fw.bin")).isTrue();
        assertThat(allows(p, "http://169.254.169.254/latest/meta-data/")).isFalse();
        assertThat(allows(p, "http://user@evil.example.com/fw.bin")).isFalse();
        assertThat(allows(policy("https://*"), "https://anything.example.org/x")).isTrue();
        assertThat(allows(policy(), "https://acct.blob.core.windows.net/fw/a.bin")).as("nothing allowed").isFalse();
    }

    @Test
    void theDefaultsAreTheConsolesFirmwareDirectoryTheTemporaryDirectoryAndBlobStorage() {
        String before = System.getProperty("twinops.home");
        System.setProperty("twinops.home", temp.toString());
        try {
            assertThat(DownloadPolicy.defaultSources()).containsExactly(temp.resolve("firmware").toString(),
                    Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString(),
                    DownloadPolicy.AZURE_BLOB_STORAGE);
            assertThat(DownloadPolicy.defaults().maxPackageBytes()).isEqualTo(64L * 1024 * 1024);
        } finally {
            if (before == null) {
                System.clearProperty("twinops.home");
            } else {
                System.setProperty("twinops.home", before);
            }
        }
    }

    @Test
    void aSourceThatIsNeitherADirectoryNorAnHttpPrefixIsRejected() {
        assertThatThrownBy(() -> policy("https://exa mple.com/")).hasMessageContaining("not an http(s) URL prefix");
        assertThatThrownBy(() -> policy("http://host:99999/")).hasMessageContaining("port");
        assertThatThrownBy(() -> policy(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> DownloadPolicy.of(List.of(), 0)).hasMessageContaining("positive");
    }

    private static String messageOf(DownloadPolicy policy, URI uri) {
        try {
            policy.allowedFile(uri);
        } catch (DownloadPolicy.NotAllowedException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected a refusal, got " + e, e);
        }
        throw new AssertionError("expected a refusal for " + uri);
    }
}
