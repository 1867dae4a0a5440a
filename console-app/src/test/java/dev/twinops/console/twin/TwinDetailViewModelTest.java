package dev.twinops.console.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.twinops.console.connection.HubConnection;
import dev.twinops.console.connection.HubConnector;
import dev.twinops.console.devices.DeviceSnapshot;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;

class TwinDetailViewModelTest {

    private static final String CONNECTION_STRING =
            "HostName=127.0.0.1;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LWtleS10aGF0LWlzLTMyLWJ5dGVzLWxvbmc=";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<DeviceSnapshot> rowUpdates = new ArrayList<>();
    private HubConnection hub;
    private InMemoryTwinService twins;
    private TwinDetailViewModel detail;

    @BeforeEach
    void showPump() throws Exception {
        hub = new HubConnector(timer).connectLocal("Local hub", "127.0.0.1:8443", CONNECTION_STRING);
        twins = new InMemoryTwinService("pump-7", "{\"site\":\"plant-1\"}", "{\"telemetryInterval\":10}");
        ReadableTime time = new ReadableTime(Clock.fixed(Instant.parse("2026-01-01T10:05:00Z"), ZoneOffset.UTC));
        detail = new TwinDetailViewModel(twins, new CurrentThreadTaskRunner(), time, (c, e) -> { }, rowUpdates::add);
        detail.useConnection(hub);
        detail.show("pump-7");
    }

    @AfterEach
    void close() {
        hub.close();
        timer.shutdownNow();
    }

    @Test
    void showsIdentityTreeRawJsonAndEditableSections() {
        assertThat(detail.identity()).contains(new IdentityField("State", "enabled · Connected"),
                new IdentityField("Last activity", "2026-01-01 10:00:00 (5 min ago)"),
                new IdentityField("Versions", "twin 1 · desired 1 · reported 1"));
        TwinTreeNode desired = detail.treeProperty().get().child("Desired");
        assertThat(desired.child("telemetryInterval").value()).isEqualTo("10");
        assertThat(desired.lastUpdated()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(detail.rawJsonProperty().get()).contains("\"etag\" : \"etag-1\"", "\"$metadata\"");
        assertThat(detail.tagsTextProperty().get()).contains("\"site\" : \"plant-1\"");
        assertThat(detail.dirtyProperty().get()).isFalse();
    }

    @Test
    void savingSendsOnlyTheChangeWithTheEtagAndUpdatesTheRow() {
        detail.desiredTextProperty().set("{\"telemetryInterval\": 30}");
        detail.tagsTextProperty().set("{}");

        detail.save();

        assertThat(twins.desired().get("telemetryInterval").asInt()).isEqualTo(30);
        assertThat(twins.tags()).isEmpty();
        assertThat(detail.messageProperty().get()).isEqualTo("Saved. Twin version 2.");
        assertThat(detail.dirtyProperty().get()).isFalse();
        assertThat(rowUpdates).extracting(DeviceSnapshot::tagSummary).containsExactly("");
    }

    @Test
    void invalidJsonIsReportedAndNothingIsSent() {
        detail.desiredTextProperty().set("{\"telemetryInterval\": }");

        assertThat(detail.editProblemProperty().get()).startsWith("Desired properties are not valid JSON at line 1");
        detail.save();
        assertThat(twins.patches).isZero();
    }

    @Test
    void aConflictShowsTheNewTwinKeepsTheTypedTextAndTheNextSaveAppliesIt() {
        String typed = "{\"telemetryInterval\": 60}";
        detail.desiredTextProperty().set(typed);
        twins.changeDesiredElsewhere("mode", 2);

        detail.save();

        assertThat(detail.conflictProperty().get()).isTrue();
        assertThat(detail.messageProperty().get()).contains("someone changed this twin", "now version 2");
        assertThat(detail.desiredTextProperty().get()).isEqualTo(typed);
        assertThat(detail.treeProperty().get().child("Desired").child("mode").value()).isEqualTo("2");

        detail.save();

        // Only the operator's change is applied: the other writer's "mode" survives.
        assertThat(twins.desired()).hasToString("{\"telemetryInterval\":60,\"mode\":2}");
        assertThat(detail.conflictProperty().get()).isFalse();
    }

    @Test
    void desiredArraysAreShownInTheTreeAndTheEditorAndAnEditedArrayIsSaved() throws Exception {
        twins = new InMemoryTwinService("pump-8", "{}",
                "{\"allowedSources\":[\"https://a.example\",\"https://b.example\"],\"zones\":[{\"id\":1}],\"none\":[]}");
        detail = new TwinDetailViewModel(twins, new CurrentThreadTaskRunner(),
                new ReadableTime(Clock.fixed(Instant.parse("2026-01-01T10:05:00Z"), ZoneOffset.UTC)), (c, e) -> { },
                rowUpdates::add);
        detail.useConnection(hub);
        detail.show("pump-8");

        TwinTreeNode desired = detail.treeProperty().get().child("Desired");
        TwinTreeNode sources = desired.child("allowedSources");
        assertThat(sources.value()).isEqualTo("2 items");
        assertThat(sources.children()).extracting(TwinTreeNode::name, TwinTreeNode::value)
                .containsExactly(tuple("[0]", "https://a.example"), tuple("[1]", "https://b.example"));
        assertThat(desired.child("zones").value()).isEqualTo("1 item");
        assertThat(desired.child("zones").child("[0]").child("id").value()).isEqualTo("1");
        assertThat(desired.child("none").value()).isEqualTo("[]");
        assertThat(desired.child("none").isLeaf()).isTrue();
        assertThat(detail.desiredTextProperty().get()).contains("\"allowedSources\" : [ \"https://a.example\", \"https://b.example\" ]");
        assertThat(detail.editProblemProperty().get()).isNullOrEmpty();

        detail.desiredTextProperty().set("{\"allowedSources\":[\"https://c.example\"],\"zones\":[{\"id\":1}],\"none\":[]}");
        assertThat(detail.editProblemProperty().get()).isNullOrEmpty();
        detail.save();

        assertThat(twins.patches).isEqualTo(1);
        assertThat(twins.desired()).hasToString(
                "{\"allowedSources\":[\"https://c.example\"],\"zones\":[{\"id\":1}],\"none\":[]}");
        assertThat(detail.treeProperty().get().child("Desired").child("allowedSources").child("[0]").value())
                .isEqualTo("https://c.example");
    }

    @Test
    void unsavedEditsOfOneDeviceComeBackWhenItIsSelectedAgain() {
        detail.tagsTextProperty().set("{\"site\": \"plant-9\"}");

        detail.show(null);
        assertThat(detail.tagsTextProperty().get()).isEmpty();
        detail.show("pump-7");

        assertThat(detail.tagsTextProperty().get()).isEqualTo("{\"site\": \"plant-9\"}");
        assertThat(detail.dirtyProperty().get()).isTrue();
    }
}
