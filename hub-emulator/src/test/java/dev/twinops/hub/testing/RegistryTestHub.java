package dev.twinops.hub.testing;

import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import dev.twinops.hub.LocalHub;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local hub for one test class, with the official RegistryClient acting as iothubowner: the set-up the registry
 * tests share. {@code @RegisterExtension static final RegistryTestHub fixture = new RegistryTestHub();} starts it
 * before the class's tests (data in a fresh temporary directory) and stops it, removing the data, after them.
 */
public final class RegistryTestHub implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private LocalHub hub;
    private RegistryClient registry;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("registry-test-hub");
        hub = TestHubs.start(dataDir);
        registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (hub != null) {
            hub.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    public LocalHub hub() {
        return hub;
    }

    public RegistryClient registry() {
        return registry;
    }
}
