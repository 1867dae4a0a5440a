package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.twinops.hub.state.StateTestSupport.MAPPER;
import static dev.twinops.hub.state.StateTestSupport.desired;
import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static dev.twinops.hub.state.StateTestSupport.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A section's {@code $metadata} is kept as the write's leaf over the section when one write stamped all of it: the
 * twin must read, serialise, compare and reload exactly as the metadata objects it stands for.
 */
class StampedMetadataTest {

    private static final String T0 = "2026-01-01T00:00:00.1234568Z";
    private static final String T5 = "2026-01-01T00:00:05.1234567Z";

    @TempDir
    Path dataDir;

    private final StateTestSupport.ManualClock clock =
            new StateTestSupport.ManualClock(Instant.parse("2026-01-01T00:00:00.1234567Z"));
    private HubState state;

    @BeforeEach
    void open() {
        state = HubState.open(dataDir, clock);
        done(state.registry().putDevice(newDevice("dev1"), null));
    }

    @AfterEach
    void close() {
        state.close();
    }

    private static String leaf(String time, int version) {
        return "{'$lastUpdated':'" + time + "','$lastUpdatedVersion':" + version + "}";
    }

    /** The twin as the hub holds it (serviceTwin gives a deep copy of Jackson's own nodes). */
    private ObjectNode stored() {
        return state.twins().iterator().next();
    }

    private static String text(JsonNode node) throws Exception {
        return MAPPER.writeValueAsString(node);
    }

    @Test
    void oneWritesMetadataReadsAndSerialisesAsTheObjectsItStandsFor() throws Exception {
        done(state.patchTwin("dev1",
                json("{'properties':{'desired':{'a':1,'cfg':{'x':'on','y':{'z':[1,2]},'e':{}},'b':true}}}"), null));

        JsonNode metadata = desired(stored()).path("$metadata");
        assertThat(metadata).isInstanceOf(StampedMetadata.Node.class);
        ObjectNode expected = json("{'$lastUpdated':'" + T0 + "','$lastUpdatedVersion':2,'a':" + leaf(T0, 2)
                + ",'cfg':{'$lastUpdated':'" + T0 + "','$lastUpdatedVersion':2,'x':" + leaf(T0, 2)
                + ",'y':{'$lastUpdated':'" + T0 + "','$lastUpdatedVersion':2,'z':" + leaf(T0, 2) + "}"
                + ",'e':{'$lastUpdated':'" + T0 + "','$lastUpdatedVersion':2}}"
                + ",'b':" + leaf(T0, 2) + "}");
        assertThat(text(metadata)).isEqualTo(text(expected)); // same members in the same order
        assertThat(metadata).isEqualTo(expected);
        assertThat(expected).isEqualTo(metadata);
        assertThat(metadata.hashCode()).isEqualTo(expected.hashCode());
        assertThat(metadata.size()).isEqualTo(5); // the time, the version and three members
        assertThat(metadata.path("cfg").path("y").path("z").path("$lastUpdatedVersion").asInt()).isEqualTo(2);
        assertThat(metadata.has("$version")).isFalse();
        assertThat(metadata.has("nothing")).isFalse();
        assertThatThrownBy(() -> ((ObjectNode) metadata).put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLaterWriteKeepsEachMembersOwnTimeAndVersion() throws Exception {
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'a':1,'cfg':{'x':1,'y':{'z':1}}}}}"), null));
        clock.advance(Duration.ofSeconds(5));
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'cfg':{'y':{'z':2}}}}}"), null));

        JsonNode metadata = desired(stored()).path("$metadata");
        ObjectNode expected = json("{'$lastUpdated':'" + T5 + "','$lastUpdatedVersion':3,'a':" + leaf(T0, 2)
                + ",'cfg':{'$lastUpdated':'" + T5 + "','$lastUpdatedVersion':3,'x':" + leaf(T0, 2)
                + ",'y':{'$lastUpdated':'" + T5 + "','$lastUpdatedVersion':3,'z':" + leaf(T5, 3) + "}}}");
        assertThat(text(metadata)).isEqualTo(text(expected));
        // the whole of cfg.y was written at T5: its metadata is stamped, the mixed levels above it are not
        assertThat(metadata.path("cfg").path("y")).isInstanceOf(StampedMetadata.Node.class);
        assertThat(metadata).isNotInstanceOf(StampedMetadata.Node.class);
    }

    @Test
    void reportedMetadataHasNoVersionsAndADeletedMemberLeavesIt() throws Exception {
        done(state.patchReported("dev1", json("{'fw':'1.0','dm':{'status':'ok','progress':5}}")));
        done(state.patchReported("dev1", json("{'fw':null,'dm':{'status':'done','progress':100}}")));
        JsonNode metadata = reported(stored()).path("$metadata");
        String time = metadata.path("$lastUpdated").asText();
        String leaf = "{'$lastUpdated':'" + time + "'}";
        assertThat(text(metadata)).isEqualTo(text(json("{'$lastUpdated':'" + time + "','dm':{'$lastUpdated':'" + time
                + "','status':" + leaf + ",'progress':" + leaf + "}}")));
        assertThat(metadata).isInstanceOf(StampedMetadata.Node.class);
    }

    @Test
    void aReopenedTwinIsTheSameTwinAndStampedAgain() throws Exception {
        done(state.patchTwin("dev1", json("{'tags':{'site':'p7'},'properties':{'desired':{'a':1,'cfg':{'x':1,'y':{'z':1}}}}}"), null));
        clock.advance(Duration.ofSeconds(5));
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'cfg':{'y':{'z':2}}}}}"), null));
        done(state.patchReported("dev1", json("{'fw':'1.0','dm':{'status':'ok','at':'2026-01-01T00:00:00Z'}}")));
        String before = text(state.serviceTwin("dev1"));
        state.close();

        state = HubState.open(dataDir, clock);
        ObjectNode twin = stored();
        assertThat(text(twin)).isEqualTo(before);
        assertThat(text(state.serviceTwin("dev1"))).isEqualTo(before);
        assertThat(reported(twin).path("$metadata")).isInstanceOf(StampedMetadata.Node.class);
        assertThat(desired(twin).path("$metadata").path("cfg").path("y")).isInstanceOf(StampedMetadata.Node.class);
        // and a write after the restart merges into it as into any metadata
        clock.advance(Duration.ofSeconds(5));
        twin = done(state.patchTwin("dev1", json("{'properties':{'desired':{'a':2}}}"), null));
        assertThat(desired(twin).path("$metadata").path("cfg").path("y").path("z").path("$lastUpdatedVersion").asInt())
                .isEqualTo(3);
        assertThat(desired(twin).path("$metadata").path("a").path("$lastUpdatedVersion").asInt()).isEqualTo(4);
    }
}
