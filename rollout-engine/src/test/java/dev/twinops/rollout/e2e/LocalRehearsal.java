package dev.twinops.rollout.e2e;

import com.azure.core.credential.AzureSasCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.throttle.ThrottlingPolicy;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.rollout.hub.SdkRolloutHub;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.simulator.firmware.DownloadPolicy;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A rehearsal stage: the local hub on a random loopback address, a firmware server beside it, simulated fleets on
 * the real device SDK, and the real service SDK for the rollout hub and for checking what happened.
 */
public final class LocalRehearsal implements AutoCloseable {

    static final int PACKAGE_SIZE = 64 * 1024;

    public final LocalHub hub;
    public final HubConnectionInfo info;
    public final HubTarget target;
    public final FirmwareServer firmwareServer;
    public final String firmwareSha256;
    private final QueryClient queries;

    public LocalRehearsal(Path dataDir) throws Exception {
        this(dataDir, ThrottlingPolicy.none());
    }

    /** A stage whose hub plays a tier's throttles (e.g. {@code ThrottlingPolicy.of(IotHubTier.S1, 1)}). */
    public LocalRehearsal(Path dataDir, ThrottlingPolicy throttling) throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String address = "127." + r.nextInt(10, 251) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
        hub = LocalHub.start(HubConfig.builder().dataDirectory(dataDir).bindAddress(address).throttling(throttling)
                .build());
        info = hub.connectionInfo();
        PerHubTrust.jvm().trust(info.serviceEndpoint(), info.caCertificatePath());
        target = HubTarget.local(info.hostName(), info.serviceEndpoint(), info.serviceConnectionString(),
                info.caCertificatePath());
        queries = new QueryClient(info.serviceEndpoint(), new AzureSasCredential(new IotHubServiceSasToken(
                IotHubConnectionStringBuilder.createIotHubConnectionString(info.serviceConnectionString()))
                .toString()));

        byte[] image = new byte[PACKAGE_SIZE];
        new Random(7).nextBytes(image);
        firmwareServer = new FirmwareServer(address, image);
        firmwareSha256 = firmwareServer.sha256();
    }

    public String firmwareUri() {
        return firmwareServer.uri("image-2.0.0.bin");
    }

    public SdkRolloutHub rolloutHub() {
        return SdkRolloutHub.connect(info.serviceEndpoint(), info.serviceConnectionString(), Clock.systemUTC());
    }

    /** A fleet that boots and updates in a second or two, its faults quick to show, fetching from this stage only. */
    public FleetConfig.Builder fleet(String prefix, int count) {
        return fleetFetchingFrom(this).prefix(prefix).count(count);
    }

    /**
     * A fleet on this stage's hub that fetches firmware from {@code firmware}'s server (a rehearsal fleet reads the
     * same package URI as the production one: the plan is not changed between them).
     */
    public FleetConfig.Builder fleetFetchingFrom(LocalRehearsal firmware) {
        DownloadPolicy firmwareFromThatStage = DownloadPolicy.of(List.of(firmware.firmwareServer.source()),
                DownloadPolicy.DEFAULT_MAX_PACKAGE_BYTES);
        return quickFleet(target).downloadPolicy(firmwareFromThatStage);
    }

    /** A fleet on {@code hub} that boots and updates in a second or two, its faults quick to show. */
    public static FleetConfig.Builder quickFleet(HubTarget hub) {
        return FleetConfig.builder(hub)
                .bootTime(Duration.ofMillis(500))
                .applyTime(Duration.ofMillis(300))
                .bandwidthBytesPerSecond(512 * 1024)
                .progressInterval(Duration.ofMillis(250))
                .twinTimeout(Duration.ofSeconds(5))
                .watchdogTimeout(Duration.ofSeconds(4))
                .slowResponseDelay(Duration.ofSeconds(2))
                .parallelism(16);
    }

    /** Rows of a query, through every page. */
    public List<JsonNode> query(String text) throws Exception {
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = queries.queryRaw(text, options);
        List<JsonNode> rows = new ArrayList<>();
        while (response.hasNext()) {
            rows.add(RolloutJson.mapper().readTree(response.next(options)));
        }
        return rows;
    }

    @Override
    public void close() {
        firmwareServer.close();
        hub.close();
    }
}
