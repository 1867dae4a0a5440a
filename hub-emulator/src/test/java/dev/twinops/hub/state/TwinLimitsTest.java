package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static dev.twinops.hub.state.StateTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** IoT Hub's twin limits: each violation is a 400 naming the limit, and nothing of the write is stored. */
class TwinLimitsTest {

    @TempDir
    Path dataDir;

    private HubState state;
    private ObjectNode before;

    @BeforeEach
    void open() {
        state = HubState.open(dataDir);
        done(state.registry().putDevice(newDevice("dev1"), null));
        done(state.patchTwin("dev1", json("{'tags':{'site':'a'},'properties':{'desired':{'d':1}}}"), null));
        done(state.patchReported("dev1", json("{'r':1}")));
        before = state.serviceTwin("dev1");
    }

    @AfterEach
    void close() {
        state.close();
    }

    private HubException refusedDesired(ObjectNode desired) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("properties").set("desired", desired);
        return refused(state.patchTwin("dev1", patch, null));
    }

    private HubException refused(CompletableFuture<?> write) {
        HubException refusal = refusal(write);
        assertThat(refusal.error()).isEqualTo(HubError.ARGUMENT_INVALID);
        assertThat(refusal.error().httpStatus()).isEqualTo(400);
        assertThat(state.serviceTwin("dev1")).as("nothing stored").isEqualTo(before);
        return refusal;
    }

    private static ObjectNode withValueOfLength(String key, int length) {
        return JsonNodeFactory.instance.objectNode().put(key, "x".repeat(length));
    }

    @Test
    void desiredOver32KibAfterTheMergeIsRefusedWithItsSize() {
        ObjectNode big = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 9; i++) {
            big.put("k" + i, "x".repeat(3700));
        }
        HubException refusal = refusedDesired(big);

        assertThat(refusal.getMessage()).matches("desired properties would be 33\\d{3} bytes; IoT Hub's limit is 32768 bytes");
    }

    @Test
    void sizeCountsTheWholeSectionNotJustThePatch() {
        for (int i = 0; i < 8; i++) {
            done(state.patchTwin("dev1", json("{'properties':{'desired':{'k" + i + "':'" + "x".repeat(4000) + "'}}}"), null));
        }
        before = state.serviceTwin("dev1");

        HubException refusal = refusedDesired(withValueOfLength("last", 1000));

        assertThat(refusal.getMessage()).contains("desired properties would be").contains("32768");
    }

    @Test
    void reportedOver32KibIsRefused() {
        ObjectNode big = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 9; i++) {
            big.put("k" + i, "x".repeat(3700));
        }
        HubException refusal = refused(state.patchReported("dev1", big));

        assertThat(refusal.getMessage()).startsWith("reported properties would be").endsWith("limit is 32768 bytes");
    }

    @Test
    void tagsOver8KibAreRefused() {
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        tags.put("a", "x".repeat(4000)).put("b", "x".repeat(4000)).put("c", "x".repeat(300));
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("tags", tags);

        HubException refusal = refused(state.patchTwin("dev1", patch, null));

        assertThat(refusal.getMessage()).startsWith("tags would be").endsWith("IoT Hub's limit is 8192 bytes");
    }

    @Test
    void nestingDeeperThanTenIsRefusedNamingThePath() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode level = root;
        for (int i = 1; i <= 11; i++) {
            level = level.putObject("l" + i);
        }
        level.put("leaf", 1);

        HubException refusal = refusedDesired(root);

        assertThat(refusal.getMessage()).contains("11 levels").contains("l1.l2.l3").contains("limit is 10");
    }

    @Test
    void tenLevelsAreAllowed() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode level = root;
        for (int i = 1; i <= 10; i++) {
            level = level.putObject("l" + i);
        }
        level.put("leaf", 1);

        assertThat(done(state.patchReported("dev1", root))).isEqualTo(3);
    }

    @Test
    void keysLongerThanOneKibibyteAreRefused() {
        HubException refusal = refused(state.patchReported("dev1", withValueOfLength("k".repeat(1025), 1)));

        assertThat(refusal.getMessage()).contains("1025 bytes").contains("limit for a key is 1024 bytes");
    }

    @Test
    void keyLengthIsCountedInUtf8Bytes() {
        HubException refusal = refusedDesired(withValueOfLength("é".repeat(513), 1));

        assertThat(refusal.getMessage()).contains("1026 bytes");
    }

    @Test
    void arraysAreAcceptedInDesiredAndReportedWithMetadataOnTheArraysKey() {
        done(state.patchTwin("dev1", json("{'properties':{'desired':{'cfg':{'list':[1,2]}}}}"), null));
        done(state.patchReported("dev1", json("{'packages':[{'name':'a','v':1},{'name':'b','v':2}]}")));

        ObjectNode twin = state.serviceTwin("dev1");
        assertThat(twin.at("/properties/desired/cfg/list").toString()).isEqualTo("[1,2]");
        assertThat(twin.at("/properties/reported/packages/1/name").asText()).isEqualTo("b");
        // IoT Hub stamps an array as one value: metadata on its key, none per element.
        assertThat(twin.at("/properties/desired/$metadata/cfg/list/$lastUpdated").isTextual()).isTrue();
        assertThat(twin.at("/properties/desired/$metadata/cfg/list/$lastUpdatedVersion").asLong())
                .isEqualTo(twin.at("/properties/desired/$version").asLong());
        assertThat(twin.at("/properties/desired/$metadata/cfg/list").has("0")).isFalse();
        assertThat(twin.at("/properties/reported/$metadata/packages/$lastUpdated").isTextual()).isTrue();
        assertThat(twin.at("/properties/reported/$metadata/packages").size()).isEqualTo(1);
    }

    @Test
    void aReplacementMayHoldDesiredArrays() {
        done(state.replaceTwin("dev1", json("{'properties':{'desired':{'a':[1,[2,3]]}}}"), null));

        assertThat(state.serviceTwin("dev1").at("/properties/desired/a").toString()).isEqualTo("[1,[2,3]]");
    }

    @Test
    void aPatchReplacesAnArrayWhole() {
        done(state.patchReported("dev1", json("{'list':[1,2,3]}")));
        done(state.patchReported("dev1", json("{'list':[4]}")));

        assertThat(state.serviceTwin("dev1").at("/properties/reported/list").toString()).isEqualTo("[4]");
    }

    @Test
    void arraysAreRefusedInTags() {
        HubException tags = refused(state.patchTwin("dev1", json("{'tags':{'zones':['a','b']}}"), null));

        assertThat(tags.getMessage()).isEqualTo("arrays are not allowed in tags (key 'zones')");
    }

    @Test
    void nullInsideAnArrayIsRefused() {
        HubException reported = refused(state.patchReported("dev1", json("{'list':[1,null]}")));

        assertThat(reported.getMessage()).contains("may not hold null inside an array").contains("'list'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "$x", "a b", "tab\there", "nul\u0000", "c1\u0085"})
    void keysWithForbiddenCharactersAreRefused(String key) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("nested").put(key, 1);

        HubException refusal = refused(state.patchReported("dev1", patch));

        assertThat(refusal.getMessage()).contains("reported properties").contains("may not contain '.', '$', spaces or control characters");
    }

    @Test
    void tagKeysFollowTheSameRules() {
        HubException refusal = refused(state.patchTwin("dev1", json("{'tags':{'my.tag':1}}"), null));

        assertThat(refusal.getMessage()).contains("'my.tag'").contains("tags");
    }

    @Test
    void stringValuesOver4KibAreRefused() {
        HubException refusal = refusedDesired(withValueOfLength("s", 4097));

        assertThat(refusal.getMessage()).contains("'s'").contains("4097 bytes").contains("4096");
    }

    @Test
    void malformedPatchesAreRefused() {
        refused(state.patchReported("dev1", JsonNodeFactory.instance.arrayNode()));
        refused(state.patchReported("dev1", null));
        refused(state.patchTwin("dev1", json("{'properties':{'desired':'text'}}"), null));
        refused(state.patchTwin("dev1", json("{'properties':5}"), null));
        refused(state.patchTwin("dev1", json("{'tags':[1]}"), null));
        HubException replace = refused(state.replaceTwin("dev1", json("{'tags':{'a':[1]}}"), null));
        assertThat(replace.getMessage()).contains("arrays are not allowed in tags");
    }

    @Test
    void aBadWriteInTheMiddleOfABatchLeavesItsNeighboursIntact() {
        ObjectNode big = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 9; i++) {
            big.put("k" + i, "x".repeat(3700));
        }
        CompletableFuture<Long> first = state.patchReported("dev1", json("{'a':1}"));
        CompletableFuture<Long> tooBig = state.patchReported("dev1", big);
        CompletableFuture<Long> third = state.patchReported("dev1", json("{'b':2}"));

        assertThat(done(first)).isEqualTo(3);
        assertThat(refusal(tooBig).error()).isEqualTo(HubError.ARGUMENT_INVALID);
        assertThat(done(third)).isEqualTo(4);
        assertThat(state.deviceTwin("dev1").path("reported")).isEqualTo(json("{'r':1,'a':1,'b':2,'$version':4}"));
    }

    @Test
    void numbersJsonCannotHoldAreRefused() {
        HubException refusal = refused(state.patchReported("dev1", json("{'huge':1e400}")));

        assertThat(refusal.getMessage()).contains("'huge'").contains("not a finite number");
    }
}
