package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.twinops.hub.state.StateTestSupport.MAPPER;
import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service twin read from the device's entry shows what a stored one showed, in IoT Hub's order, read-only. */
class ServiceTwinMembersTest {

    @TempDir
    Path dataDir;

    private static List<String> names(ObjectNode twin) {
        return StreamSupport.stream(((Iterable<String>) twin::fieldNames).spliterator(), false).toList();
    }

    @Test
    void membersInOrderWithPresenceAsOfTheRead() throws Exception {
        try (HubState state = HubState.open(dataDir)) {
            done(state.registry().putDevice(newDevice("a"), null));
            done(state.registry().putDevice(new DeviceIdentity("b", null, null, DeviceStatus.DISABLED, "parked",
                    null, null, null), null));
            done(state.patchTwin("a", json("{'tags':{'site':'plant-7'}}"), null));

            ObjectNode before = state.twins().stream().filter(t -> t.get("deviceId").asText().equals("a")).findFirst().orElseThrow();
            assertThat(names(before)).containsExactly("deviceId", "etag", "deviceEtag", "version", "status",
                    "statusUpdateTime", "connectionState", "lastActivityTime", "cloudToDeviceMessageCount",
                    "authenticationType", "x509Thumbprint", "capabilities", "tags", "properties");
            assertThat(before.get("etag").asText()).isEqualTo("AAAAAAAAAAI=");
            assertThat(before.get("version").asInt()).isEqualTo(2);
            assertThat(before.get("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(before.path("tags").path("site").asText()).isEqualTo("plant-7");
            assertThat(new MemberLookup("tags").in(before)).isSameAs(before.get("tags"));
            assertThat(new MemberLookup("deviceId").in(before)).isEqualTo(TextNode.valueOf("a"));
            assertThat(new MemberLookup("nothing").in(before)).isNull();
            assertThat(before.get("statusReason")).isNull();
            assertThat(before.has("statusReason")).isFalse();
            // what a copy and the wire show is the same twin
            assertThat(MAPPER.readTree(MAPPER.writeValueAsString(before))).isEqualTo(before.deepCopy());
            assertThat(state.serviceTwin("a")).isEqualTo(before);

            state.presence().connectionChanged("a", true);
            assertThat(before.get("connectionState").asText()).as("a snapshot keeps its presence").isEqualTo("Disconnected");
            ObjectNode after = state.twins().stream().filter(t -> t.get("deviceId").asText().equals("a")).findFirst().orElseThrow();
            assertThat(after.get("connectionState").asText()).isEqualTo("Connected");
            assertThat(after.get("lastActivityTime").asText()).isNotEqualTo("0001-01-01T00:00:00Z");

            ObjectNode disabled = state.twins().stream().filter(t -> t.get("deviceId").asText().equals("b")).findFirst().orElseThrow();
            assertThat(names(disabled)).containsSubsequence("status", "statusReason", "statusUpdateTime");
            assertThat(disabled.get("statusReason").asText()).isEqualTo("parked");
            assertThat(disabled.get("status").asText()).isEqualTo("disabled");

            assertThatThrownBy(() -> before.set("tags", TextNode.valueOf("x"))).isInstanceOf(UnsupportedOperationException.class);
            assertThat(state.serviceTwin("a").put("extra", 1).get("extra").asInt()).as("serviceTwin is a private copy").isEqualTo(1);
        }
    }
}
