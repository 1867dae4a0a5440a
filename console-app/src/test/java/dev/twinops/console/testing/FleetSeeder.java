package dev.twinops.console.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;

import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;

/**
 * Registers devices in a hub through the service SDK, with tags and a desired property, the way an
 * operator's provisioning would. Device {@code i} is {@code <prefix>-<i>} (zero-padded to five digits),
 * on site plant-1 (even i) or plant-2 (odd i), ring canary for every tenth device and broad otherwise.
 * Used by the UI tests, the benchmark and (as a main) to seed a local hub for screenshots.
 */
public final class FleetSeeder {

    private final TwinClient twins;
    private final RegistryClient registry;
    private final QueryClient queries;

    public FleetSeeder(HubConnectionInfo info) throws Exception {
        PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
        AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(info.serviceConnectionString())).toString());
        this.twins = new TwinClient(info.serviceEndpoint(), credential);
        this.registry = new RegistryClient(info.serviceEndpoint(), credential);
        this.queries = new QueryClient(info.serviceEndpoint(), credential);
    }

    public QueryClient queries() {
        return queries;
    }

    public TwinClient twins() {
        return twins;
    }

    public RegistryClient registry() {
        return registry;
    }

    public static String deviceId(String prefix, int index) {
        return String.format("%s-%05d", prefix, index);
    }

    public static String site(int index) {
        return index % 2 == 0 ? "plant-1" : "plant-2";
    }

    /** Registers devices {@code from..to-1} with {@code threads} parallel SDK callers. */
    public void seed(String prefix, int from, int to, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                work.add(pool.submit(() -> {
                    register(prefix, index);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void register(String prefix, int index) throws Exception {
        String id = deviceId(prefix, index);
        registry.addDevice(new Device(id));
        Twin twin = new Twin(id);
        twin.getTags().putAll(Map.of("site", site(index), "ring", index % 10 == 0 ? "canary" : "broad",
                "model", index % 3 == 0 ? "TX-200" : "TX-100"));
        twin.getDesiredProperties().put("telemetryInterval", 10 + index % 5);
        twins.patch(twin);
    }

    /**
     * Seeds a local hub's data directory for screenshots and manual checks: starts the hub, registers
     * devices, stops it. The console started afterwards with the same home and bind address shows them.
     * Usage: {@code FleetSeeder <twinops-home> <bind-address> <count> [prefix]}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: FleetSeeder <twinops-home> <bind-address> <count> [prefix]");
        }
        Path home = Path.of(args[0]);
        int count = Integer.parseInt(args[2]);
        String prefix = args.length > 3 ? args[3] : "sensor";
        try (LocalHub hub = LocalHub.start(HubConfig.builder()
                .dataDirectory(home.resolve("local-hub")).bindAddress(args[1]).build())) {
            new FleetSeeder(hub.connectionInfo()).seed(prefix, 0, count, 8);
        }
    }
}
