package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.twinops.hub.state.StateTestSupport.MAPPER;
import static dev.twinops.hub.state.StateTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact member map must behave exactly like the LinkedHashMap Jackson would use. */
class CompactJsonMapTest {

    @Test
    void keepsInsertionOrderAndReplacesInPlace() {
        CompactJsonMap map = new CompactJsonMap(0);
        map.put("b", IntNode.valueOf(1));
        map.put("a", IntNode.valueOf(2));
        map.put("c", IntNode.valueOf(3));
        assertThat(map.put("a", IntNode.valueOf(20))).isEqualTo(IntNode.valueOf(2));
        map.remove("b");
        map.put("d", IntNode.valueOf(4));

        assertThat(map.keySet()).containsExactly("a", "c", "d");
        assertThat(map.get("a")).isEqualTo(IntNode.valueOf(20));
        assertThat(map.get(new String("c"))).as("equal, not identical key").isEqualTo(IntNode.valueOf(3));
        assertThat(map.get("b")).isNull();
        assertThat(map.get(42)).isNull();
        assertThat(map).hasSize(3);
    }

    @Test
    void mapsWithTheSameKeysInTheSameOrderShareOneShape() {
        CompactJsonMap first = new CompactJsonMap(2);
        CompactJsonMap second = new CompactJsonMap(0);
        for (CompactJsonMap map : new CompactJsonMap[] {first, second}) {
            map.put("$lastUpdated", IntNode.valueOf(1));
            map.put(new String("$lastUpdatedVersion"), IntNode.valueOf(2));
        }
        assertThat(first.shape()).isSameAs(second.shape());
        assertThat(first.shape().keys).containsExactly("$lastUpdated", "$lastUpdatedVersion");

        // a change gives the changed map another shape and leaves the other one alone
        second.remove("$lastUpdated");
        second.put("$lastUpdated", IntNode.valueOf(3));
        assertThat(second.keySet()).containsExactly("$lastUpdatedVersion", "$lastUpdated");
        assertThat(first.keySet()).containsExactly("$lastUpdated", "$lastUpdatedVersion");
        assertThat(first.get("$lastUpdatedVersion")).isEqualTo(IntNode.valueOf(2));
        assertThat(second.get("$lastUpdated")).isEqualTo(IntNode.valueOf(3));

        CompactJsonMap third = new CompactJsonMap(0);
        third.put("$lastUpdatedVersion", IntNode.valueOf(0));
        third.put("$lastUpdated", IntNode.valueOf(0));
        assertThat(third.shape()).isSameAs(second.shape());
    }

    @Test
    void equalsAndHashCodeFollowTheMapContract() {
        CompactJsonMap compact = new CompactJsonMap(2);
        Map<String, JsonNode> linked = new LinkedHashMap<>();
        for (String key : new String[] {"x", "y", "z"}) {
            compact.put(key, IntNode.valueOf(key.charAt(0)));
            linked.put(key, IntNode.valueOf(key.charAt(0)));
        }

        assertThat(compact).isEqualTo(linked);
        assertThat(linked).isEqualTo(compact);
        assertThat(compact.hashCode()).isEqualTo(linked.hashCode());
    }

    @Test
    void iteratorRemovesAndDetectsConcurrentChanges() {
        CompactJsonMap map = new CompactJsonMap(4);
        map.put("a", IntNode.valueOf(1));
        map.put("b", IntNode.valueOf(2));
        map.put("c", IntNode.valueOf(3));
        Iterator<Map.Entry<String, JsonNode>> members = map.entrySet().iterator();
        members.next();
        members.next();
        members.remove();
        assertThat(members.next().getKey()).isEqualTo("c");
        assertThat(map.keySet()).containsExactly("a", "c");

        Iterator<String> keys = map.keySet().iterator();
        keys.next();
        map.put("new", IntNode.valueOf(0));
        assertThatThrownBy(keys::next).isInstanceOf(java.util.ConcurrentModificationException.class);
    }

    @Test
    void entrySetValueWritesThrough() {
        CompactJsonMap map = new CompactJsonMap(1);
        map.put("a", IntNode.valueOf(1));
        map.entrySet().iterator().next().setValue(IntNode.valueOf(9));

        assertThat(map.get("a")).isEqualTo(IntNode.valueOf(9));
    }

    @Test
    void jacksonObjectNodesBackedByItSerialiseAndCompareLikeParsedOnes() throws Exception {
        ObjectNode node = TwinMerge.newObject(1);
        node.put("name", "dev1").putObject("nested").put("n", 1);
        node.putArray("list").add(1);
        node.remove("list");
        node.setAll(json("{'more':true}"));

        assertThat(MAPPER.writeValueAsString(node)).isEqualTo("{\"name\":\"dev1\",\"nested\":{\"n\":1},\"more\":true}");
        assertThat(node).isEqualTo(json("{'name':'dev1','nested':{'n':1},'more':true}"));
        assertThat(json("{'name':'dev1','nested':{'n':1},'more':true}")).isEqualTo(node);
        assertThat(node.deepCopy()).isEqualTo(node);
        assertThat(node.at("/nested/n").asInt()).isEqualTo(1);
    }

    @Test
    void manyMembersStillWork() {
        ObjectNode large = TwinMerge.newObject(TwinMerge.COMPACT_LIMIT + 10);
        ObjectNode grown = TwinMerge.newObject(0);
        for (int i = 0; i < 500; i++) {
            large.put("k" + i, i);
            grown.put("k" + i, i);
        }
        grown.remove("k250");

        assertThat(large.get("k499").asInt()).isEqualTo(499);
        assertThat(grown.size()).isEqualTo(499);
        assertThat(grown.get("k251").asInt()).isEqualTo(251);
        assertThat(grown.has("k250")).isFalse();
    }
}
