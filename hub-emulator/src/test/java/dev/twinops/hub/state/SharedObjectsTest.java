package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static org.assertj.core.api.Assertions.assertThat;

/** Twins holding equal objects share one node, written or reloaded, and a change to one twin leaves the others alone. */
class SharedObjectsTest {

    @TempDir
    Path dataDir;

    private static JsonNode at(HubState state, String deviceId, String... path) {
        JsonNode node = state.twins().stream().filter(t -> t.path("deviceId").asText().equals(deviceId))
                .findFirst().orElseThrow();
        for (String name : path) {
            node = node.path(name);
        }
        return node;
    }

    @Test
    void equalObjectsAreOneNodeAndStayApartWhenOneTwinChanges() {
        String tags = "{'tags':{'site':'plant-7','location':{'building':'B1','floor':2}}}";
        String reported = "{'iothubDM':{'reboot':{'status':'done'}},'fw':'1.0.0'}";
        try (HubState state = HubState.open(dataDir)) {
            for (String id : new String[] {"a", "b", "c"}) {
                done(state.registry().putDevice(newDevice(id), null));
                done(state.patchTwin(id, json(tags), null));
                done(state.patchReported(id, json(reported)));
            }
            assertThat(at(state, "a", "tags")).isSameAs(at(state, "b", "tags"));
            assertThat(at(state, "a", "properties", "reported", "iothubDM"))
                    .isSameAs(at(state, "c", "properties", "reported", "iothubDM"));

            done(state.patchTwin("b", json("{'tags':{'location':{'floor':3}}}"), null));
            done(state.patchReported("c", json("{'iothubDM':{'reboot':{'status':'rebooting'}}}")));
            assertThat(at(state, "a", "tags")).isEqualTo(json("{'site':'plant-7','location':{'building':'B1','floor':2}}"));
            assertThat(at(state, "b", "tags")).isEqualTo(json("{'site':'plant-7','location':{'building':'B1','floor':3}}"));
            assertThat(at(state, "a", "properties", "reported", "iothubDM", "reboot", "status").asText()).isEqualTo("done");
            assertThat(at(state, "c", "properties", "reported", "iothubDM", "reboot", "status").asText()).isEqualTo("rebooting");
        }
        try (HubState state = HubState.open(dataDir)) {
            assertThat(at(state, "a", "tags", "location")).isSameAs(at(state, "c", "tags", "location"));
            assertThat(at(state, "b", "tags", "location", "floor").asInt()).isEqualTo(3);
            assertThat(at(state, "a", "properties", "reported", "iothubDM"))
                    .isNotSameAs(at(state, "c", "properties", "reported", "iothubDM"));
        }
    }

    @Test
    void writtenShortStringsAreSharedButTimestampsAreNotKeptForSharing() {
        try (HubState state = HubState.open(dataDir)) {
            for (String id : new String[] {"a", "b"}) {
                done(state.registry().putDevice(newDevice(id), null));
                // two parses, and two objects (progress differs): only the cache could make two nodes the same
                done(state.patchReported(id, json("{'fw':{'status':'current','at':'2026-03-01T10:00:00.1234567Z',"
                        + "'progress':" + (id.equals("a") ? 1 : 2) + "}}")));
            }
            assertThat(at(state, "a", "properties", "reported", "fw", "status"))
                    .isSameAs(at(state, "b", "properties", "reported", "fw", "status"));
            assertThat(at(state, "a", "properties", "reported", "fw", "at"))
                    .isNotSameAs(at(state, "b", "properties", "reported", "fw", "at"))
                    .isEqualTo(at(state, "b", "properties", "reported", "fw", "at"));
        }
        assertThat(TwinMerge.looksLikeTime("2026-03-01T10:00:00Z")).isTrue();
        assertThat(TwinMerge.looksLikeTime("2026-03-01")).isFalse();
        assertThat(TwinMerge.looksLikeTime("firmware 2026-03-01T10")).isFalse();
    }

    @Test
    void objectsWithTheSameMembersInAnotherOrderAreNotOne() {
        SharedObjects shared = new SharedObjects(new HashMap<Object, CompactObjectNode>()::putIfAbsent);
        ObjectNode first = shared.share(CompactObjectNode.copyOf(json("{'x':1,'y':'two'}")));
        ObjectNode same = CompactObjectNode.copyOf(json("{'x':1,'y':'two'}"));
        ObjectNode reordered = CompactObjectNode.copyOf(json("{'y':'two','x':1}"));
        ObjectNode otherType = CompactObjectNode.copyOf(json("{'x':1.0,'y':'two'}"));
        assertThat(shared.share(same)).isSameAs(first);
        assertThat(shared.share(reordered)).isSameAs(reordered);
        assertThat(shared.share(otherType)).isSameAs(otherType);
        assertThat(shared.share(json("{'x':1,'y':'two'}"))).isNotSameAs(first); // not compact: kept as it is
    }
}
