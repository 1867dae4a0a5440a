package dev.twinops.console.twin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void carriesOnlyWhatChangedAndDeletesRemovedKeysWithNull() throws Exception {
        ObjectNode before = json("{\"site\":\"plant-1\",\"ring\":\"broad\",\"location\":{\"row\":3,\"rack\":7},\"old\":true}");
        ObjectNode after = json("{\"site\":\"plant-1\",\"ring\":\"canary\",\"location\":{\"row\":3},\"new\":1}");

        assertThat(JsonMergePatch.diff(before, after)).isEqualTo(
                json("{\"ring\":\"canary\",\"location\":{\"rack\":null},\"old\":null,\"new\":1}"));
    }

    @Test
    void anUnchangedSectionGivesAnEmptyPatch() throws Exception {
        ObjectNode twin = json("{\"telemetryInterval\":10,\"limits\":{\"max\":2.50}}");

        assertThat(JsonMergePatch.diff(twin, json("{\"limits\":{\"max\":2.5},\"telemetryInterval\":10}"))).isEmpty();
    }

    @Test
    void replacingAValueByAnObjectSendsTheWholeObject() throws Exception {
        assertThat(JsonMergePatch.diff(json("{\"mode\":\"eco\"}"), json("{\"mode\":{\"name\":\"eco\",\"level\":2}}")))
                .isEqualTo(json("{\"mode\":{\"name\":\"eco\",\"level\":2}}"));
    }

    @Test
    void anArrayIsSentWholeWhenAnElementChangesAndNotAtAllWhenOnlyNumberSpellingDiffers() throws Exception {
        ObjectNode before = json("{\"sources\":[\"a\",\"b\"],\"limits\":[1.5,{\"max\":2}]}");

        assertThat(JsonMergePatch.diff(before, json("{\"sources\":[\"a\",\"c\"],\"limits\":[1.50,{\"max\":2.0}]}")))
                .isEqualTo(json("{\"sources\":[\"a\",\"c\"]}"));
        assertThat(JsonMergePatch.diff(before, json("{\"sources\":[\"b\",\"a\"],\"limits\":[1.5,{\"max\":2}]}")))
                .as("order matters in an array").isEqualTo(json("{\"sources\":[\"b\",\"a\"]}"));
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }
}
