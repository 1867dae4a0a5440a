package dev.twinops.console.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.connection.DeviceCountProbe;
import dev.twinops.console.connection.EmbeddedLocalHub;
import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.connection.LocalHubOpener;
import dev.twinops.hubclient.trust.PerHubTrust;
import dev.twinops.console.connection.SavedConnectionsStore;
import dev.twinops.console.operations.HubTier;
import dev.twinops.console.simulator.SimulatedFleetLauncher;
import dev.twinops.console.simulator.SimulatorViewModel;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import dev.twinops.console.testing.Loopback;
import dev.twinops.hub.HubConfig;
import dev.twinops.hub.HubConnectionInfo;
import dev.twinops.hub.LocalHub;
import dev.twinops.limits.IotHubTier;
import dev.twinops.console.rollouts.RolloutSupervisor;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.hub.SdkRolloutHub;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.rehearsal.SdkRehearsalHub;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.simulator.faults.FaultProfile;
import dev.twinops.simulator.fleet.FleetConfig;
import dev.twinops.simulator.fleet.HubTarget;
import dev.twinops.simulator.fleet.SimulatedFleet;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The window's rehearsal workflow on the real engine and SDKs, with two local hubs: a second LocalHub on another
 * 127.x address playing S1 (10 units) with a simulated fleet of mixed firmware versions as "production", opened as
 * the connection package opens any local hub, and the console's embedded hub as the rehearsal hub. Copy (estimate
 * first, production only read), start the rehearsal fleet from the shape, rehearse a two-wave reboot plan, run it
 * unchanged on production, compare predicted with actual.
 */
class RehearsalWorkflowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalHub production;
    private SimulatedFleet productionFleet;
    private SimulatedFleet productionFleetNewer;
    private EmbeddedLocalHub rehearsalHub;
    private HubConnection productionConnection;
    private HubConnection rehearsalConnection;
    private ScheduledExecutorService timer;
    private ScheduledExecutorService ticker;
    private RolloutSupervisor supervisor;
    private SimulatorViewModel simulator;
    private final SimpleObjectProperty<HubConnection> active = new SimpleObjectProperty<>();
    private final CurrentThreadTaskRunner tasks = new CurrentThreadTaskRunner();

    @BeforeEach
    void twoHubs() throws Exception {
        Path productionData = dir.resolve("production");
        production = LocalHub.start(HubConfig.builder().dataDirectory(productionData)
                .bindAddress(Loopback.randomAddress()).tier(IotHubTier.S1, 10).build());
        HubConnectionInfo p = production.connectionInfo();
        p.writeTo(productionData.resolve(HubConnectionInfo.FILE_NAME)); // as the standalone hub does
        timer = Executors.newSingleThreadScheduledExecutor();
        HubConnector connector = new HubConnector(timer);
        productionConnection = new LocalHubOpener(connector, new DeviceCountProbe(), PerHubTrust.jvm())
                .open("production", productionData);
        HubTarget target = HubTarget.local(p.hostName(), p.serviceEndpoint(), p.serviceConnectionString(),
                p.caCertificatePath());
        productionFleet = SimulatedFleet.start(fleet(target).count(8).prefix("pump-").factoryFirmwareVersion("1.0.0")
                .build());
        productionFleetNewer = SimulatedFleet.start(fleet(target).count(4).prefix("valve-")
                .factoryFirmwareVersion("1.1.0").build());
        productionFleet.allOnline().get(2, java.util.concurrent.TimeUnit.MINUTES);
        productionFleetNewer.allOnline().get(2, java.util.concurrent.TimeUnit.MINUTES);

        rehearsalHub = new EmbeddedLocalHub(dir.resolve("home").resolve("local-hub"), Loopback.randomAddress(), 8443);
        rehearsalHub.start();
        HubConnectionInfo r = rehearsalHub.connectionInfo();
        rehearsalConnection = connector.connectLocal("Local hub", r.serviceEndpoint(), r.serviceConnectionString());

        ticker = Executors.newSingleThreadScheduledExecutor();
        Path home = dir.resolve("home");
        supervisor = new RolloutSupervisor(new FileRolloutStore(home), AuditJournal.inHome(home, Clock.systemUTC()),
                ticker, Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2),
                () -> EngineSettings.DEFAULTS.withIntervals(Duration.ofMillis(500), Duration.ofMillis(500)), () -> { });
        simulator = new SimulatorViewModel(new SimulatedFleetLauncher(active::get, rehearsalHub::connectionInfo,
                () -> rehearsalHub.connectionFile().getParent(), new SavedConnectionsStore(home.resolve("c.json")),
                home.resolve("logs").resolve("simulator.log")), tasks, () -> { });
        active.set(productionConnection);
    }

    private static FleetConfig.Builder fleet(HubTarget target) {
        return FleetConfig.builder(target).bootTime(Duration.ofMillis(300)).installJvmTrust(false).parallelism(8);
    }

    @AfterEach
    void stop() throws Exception {
        if (simulator != null) {
            simulator.close();
        }
        if (supervisor != null) {
            supervisor.close();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        for (SimulatedFleet f : new SimulatedFleet[] {productionFleet, productionFleetNewer}) {
            if (f != null) {
                f.close();
            }
        }
        if (rehearsalHub != null) {
            rehearsalHub.close();
        }
        if (production != null) {
            production.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private RehearsalsViewModel workflow(PlanDialog planDialog) {
        Path home = dir.resolve("home");
        HubSwitch hubs = new HubSwitch() {
            @Override
            public boolean isRehearsalHub(HubConnection hub) {
                return hub == rehearsalConnection;
            }

            @Override
            public void toRehearsalHub() {
                active.set(rehearsalConnection);
            }

            @Override
            public boolean toHub(String name) {
                if (!name.equals("production")) {
                    return false;
                }
                active.set(productionConnection);
                return true;
            }
        };
        RehearsalsViewModel.RolloutStarter starter = (plan, started) -> {
            HubConnection hub = active.get();
            supervisor.useHub(new SdkRolloutHub(hub.endpoint(), hub.queries(), hub.jobs())).join();
            started.accept(supervisor.create(plan).join());
        };
        return new RehearsalsViewModel(new RehearsalStore(home), new FileRolloutStore(home), active,
                () -> HubTier.parse("S1x10"), () -> "", () -> SdkRehearsalHub.connect(
                        rehearsalHub.connectionInfo().serviceEndpoint(),
                        rehearsalHub.connectionInfo().serviceConnectionString()),
                hubs, planDialog, starter, simulator, tasks, Clock.systemUTC());
    }

    @Test
    void badInputIsSaidNextToItsFieldAndNothingIsCopiedWithoutAnEstimate() {
        CopyShapeViewModel copy = workflow(noDialog()).newCopy();
        copy.nameProperty().set("../elsewhere");
        copy.scaleProperty().set("0");
        copy.idPrefixProperty().set("has space");
        copy.estimate();
        assertThat(copy.nameProblemProperty().get()).contains("letters, digits");
        assertThat(copy.scaleProblemProperty().get()).contains("from 1");
        assertThat(copy.estimatedProperty().get()).isFalse();

        copy.nameProperty().set("friday");
        copy.scaleProperty().set("1");
        copy.estimate();
        assertThat(copy.prefixProblemProperty().get()).contains("id prefix");

        copy.idPrefixProperty().set("");
        copy.conditionProperty().set("tags.site = ");
        copy.estimate();
        assertThat(copy.conditionProblemProperty().get()).isNotEmpty();
        assertThat(copy.estimatedProperty().get()).isFalse();

        copy.copy(); // no estimate: nothing happens
        assertThat(copy.resultTextProperty().get()).isEmpty();
        assertThat(rehearsalDeviceCount()).isZero();
    }

    @Test
    void copyRehearseRunForRealAndCompare() throws Exception {
        List<RolloutPlan> rehearsed = new java.util.ArrayList<>();
        RehearsalsViewModel workflow = workflow((condition, count, words, title, start) -> {
            // the operator's plan in the dialog: a canary of 2, then the rest; a reboot rolls quickly
            RolloutPlan plan = new RolloutPlan(null, "Reboot the pumps", condition, OperationSpec.reboot(),
                    List.of(WaveSpec.count("canary", 2).withDeadline(Duration.ofSeconds(60)),
                            WaveSpec.rest("rest").withDeadline(Duration.ofSeconds(60))));
            rehearsed.add(plan);
            start.accept(plan);
        });

        // 1. copy, estimate first; production is only read
        Map<String, String> before = twins(productionConnection.queries());
        CopyShapeViewModel copy = workflow.newCopy();
        copy.nameProperty().set("friday");
        copy.estimate();
        assertThat(copy.estimatedProperty().get()).isTrue();
        assertThat(copy.estimateTextProperty().get()).startsWith("12 devices match (all devices) on "
                + productionConnection.endpoint()).contains("2 queries on the source");
        copy.scaleProperty().set("2"); // a change takes the estimate back
        assertThat(copy.estimatedProperty().get()).isFalse();
        copy.scaleProperty().set("1");
        copy.estimate();
        copy.copy();
        assertThat(copy.resultTextProperty().get()).startsWith("Read 12 devices with 2 queries on the source (the count included); created 12 ");
        assertThat(twins(productionConnection.queries())).isEqualTo(before);
        assertThat(rehearsalDeviceCount()).isEqualTo(12);
        Path shape = dir.resolve("home").resolve("rehearsals").resolve("friday").resolve("shape.json");
        assertThat(Files.getPosixFilePermissions(shape)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(shape)).contains("\"firmwareVersion\" : \"1.1.0\"").doesNotContain("Key");
        assertThat(workflow.rehearsals()).extracting(RehearsalRecord::name).containsExactly("friday");
        assertThat(workflow.canRunForRealProperty().get()).isFalse();

        // 2. the rehearsal fleet plays the shape on the rehearsal hub (the workflow switches to it)
        workflow.faultProfileProperty().set(FaultProfile.NONE);
        workflow.startFleet();
        assertThat(active.get()).isSameAs(rehearsalConnection);
        await().atMost(Duration.ofMinutes(2)).until(() -> count(rehearsalConnection.queries(),
                "connectionState = 'Connected' AND properties.reported.firmwareVersion = '1.1.0'") == 4
                && count(rehearsalConnection.queries(), "connectionState = 'Connected'") == 12);

        // 3. rehearse: the rollout and its plan are recorded with the rehearsal
        workflow.rehearse();
        RehearsalRecord record = workflow.selectedProperty().get();
        assertThat(record.rehearsalRollout()).isNotNull();
        assertThat(record.rehearsalHost()).isEqualTo(rehearsalConnection.endpoint());
        String rehearsalId = record.rehearsalRollout();
        await().atMost(Duration.ofMinutes(2)).until(() -> supervisor.engine(rehearsalId).status().phase()
                == Phase.COMPLETED);
        workflow.reload();
        assertThat(workflow.canRunForRealProperty().get()).as("not on the source yet").isFalse();
        assertThat(workflow.comparisonSummaryProperty().get()).contains("once the plan runs for real");

        // 4. back on production: the same plan, unchanged but for its id, linked to the rehearsal
        workflow.switchToSource();
        assertThat(active.get()).isSameAs(productionConnection);
        assertThat(workflow.canRunForRealProperty().get()).isTrue();
        workflow.runForReal();
        record = workflow.selectedProperty().get();
        assertThat(record.liveRollout()).isEqualTo(rehearsalId + "-live");
        String liveId = record.liveRollout();
        RolloutPlan rehearsedPlan = new FileRolloutStore(dir.resolve("home")).load(rehearsalId).orElseThrow().plan;
        RolloutPlan livePlan = new FileRolloutStore(dir.resolve("home")).load(liveId).orElseThrow().plan;
        assertThat(livePlan).isEqualTo(rehearsedPlan.withId(liveId));
        assertThat(workflow.canRunForRealProperty().get()).as("once only").isFalse();
        await().atMost(Duration.ofMinutes(2)).until(() -> supervisor.engine(liveId).status().phase()
                == Phase.COMPLETED);

        // 5. predicted vs actual per wave, exportable
        workflow.reload();
        assertThat(workflow.comparisonSummaryProperty().get()).startsWith("Whole run: predicted ")
                .contains("S1 with 10 units");
        assertThat(workflow.comparison()).extracting(ComparisonRow::figure).contains("duration_s", "devices",
                "queries", "query_budget_pct", "job_operations", "paused_by");
        assertThat(workflow.comparison()).filteredOn(r -> r.figure().equals("devices"))
                .extracting(ComparisonRow::wave, ComparisonRow::predicted, ComparisonRow::actual)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1 canary", "2", "2"),
                        org.assertj.core.groups.Tuple.tuple("2 rest", "10", "10"));
        Path csv = dir.resolve("comparison.csv");
        workflow.export(csv, RehearsalsViewModel.ExportFormat.CSV);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("wave,wave_name,figure,predicted,actual");
        Path json = dir.resolve("comparison.json");
        workflow.export(json, RehearsalsViewModel.ExportFormat.JSON);
        JsonNode compared = JSON.readTree(json.toFile());
        assertThat(compared.path("rehearsalId").asText()).isEqualTo(rehearsalId);
        assertThat(compared.path("liveId").asText()).isEqualTo(liveId);
        assertThat(rehearsed).hasSize(1);
    }

    private static PlanDialog noDialog() {
        return (condition, count, words, title, start) -> { };
    }

    private long rehearsalDeviceCount() {
        return count(rehearsalConnection.queries(), "IS_DEFINED(deviceId)");
    }

    private static long count(QueryClient queries, String condition) {
        List<JsonNode> rows = rows(queries, "SELECT COUNT() AS n FROM devices WHERE " + condition);
        return rows.isEmpty() ? 0 : rows.get(0).path("n").asLong();
    }

    /** Every twin's version, etag, desired version and tags: what a copy must not change. */
    private static Map<String, String> twins(QueryClient queries) {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode row : rows(queries, "SELECT * FROM devices")) {
            m.put(row.path("deviceId").asText(), row.path("version").asText() + " " + row.path("etag").asText()
                    + " " + row.path("properties").path("desired").path("$version").asText() + " " + row.path("tags"));
        }
        return m;
    }

    private static List<JsonNode> rows(QueryClient queries, String text) {
        try {
            QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
            RawQueryResponse response = queries.queryRaw(text, options);
            List<JsonNode> rows = new java.util.ArrayList<>();
            while (response.hasNext()) {
                rows.add(JSON.readTree(response.next(options)));
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
