package dev.twinops.console.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TwinJsonRulesTest {

    @Test
    void acceptsAnObjectAndTreatsAnEmptyEditorAsNoKeys() {
        assertThat(TwinJsonRules.parse("{\"site\": \"plant-1\", \"zone\": {\"a\": 1}}", TwinSection.TAGS)).hasSize(2);
        assertThat(TwinJsonRules.parse("{\"modes\": [\"eco\", \"boost\"], \"zones\": [{\"id\": 1}, [2, 3]]}",
                TwinSection.DESIRED)).hasSize(2);
        assertThat(TwinJsonRules.parse("   ", TwinSection.DESIRED)).isEmpty();
    }

    @Test
    void badJsonSaysWhere() {
        assertThatThrownBy(() -> TwinJsonRules.parse("{\n  \"telemetryInterval\": 10,\n  \"mode\": eco\n}", TwinSection.DESIRED))
                .isInstanceOf(TwinEditException.class)
                .hasMessageContaining("Desired properties are not valid JSON at line 3");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"a\":1} {\"b\":2}", TwinSection.TAGS))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesWhatIotHubWouldRefuse() {
        assertThatThrownBy(() -> TwinJsonRules.parse("[1,2]", TwinSection.TAGS)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"modes\":[\"a\"]}", TwinSection.TAGS))
                .hasMessageContaining("Tags: modes is an array").hasMessageContaining("not in tags");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"fw.version\":\"1\"}", TwinSection.DESIRED))
                .hasMessageContaining("key \"fw.version\" contains '.'");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"a\":{\"$b\":1}}", TwinSection.TAGS))
                .hasMessageContaining("(in a)").hasMessageContaining("'$'");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"my key\":1}", TwinSection.TAGS)).hasMessageContaining("a space");
        String deep = "{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"l10\":{\"l11\":{}}}}}}}}}}}}";
        assertThatThrownBy(() -> TwinJsonRules.parse(deep, TwinSection.DESIRED)).hasMessageContaining("deeper than");
        String big = "{\"blob\":\"" + "x".repeat(3000) + "\",\"blob2\":\"" + "x".repeat(3000) + "\",\"blob3\":\""
                + "x".repeat(3000) + "\"}";
        assertThatThrownBy(() -> TwinJsonRules.parse(big, TwinSection.TAGS)).hasMessageContaining("IoT Hub allows 8 KB");
    }

    @Test
    void followsTheSameRulesAsTheHubForArrays() {
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"zones\":[1,null]}", TwinSection.DESIRED))
                .isInstanceOf(TwinEditException.class)
                .hasMessageContaining("zones holds null in an array");
        assertThatThrownBy(() -> TwinJsonRules.parse("{\"zones\":[{\"a b\":1}]}", TwinSection.DESIRED))
                .hasMessageContaining("key \"a b\" (in zones[]) contains a space");
        // an array is not a level of nesting: ten objects deep, one of them inside an array, is accepted
        String tenDeep = "{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"list\":[{\"x\":1}]}}}}}}}}}}";
        assertThat(TwinJsonRules.parse(tenDeep, TwinSection.DESIRED)).hasSize(1);
    }
}
