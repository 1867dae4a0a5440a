package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static dev.twinops.hub.state.StateTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A lookup that remembers where the last shape held its name must still answer every object right. */
class MemberLookupTest {

    private static ObjectNode compact(String json) {
        return CompactObjectNode.copyOf(json(json));
    }

    @Test
    void findsTheMemberWhereverEachShapeHoldsIt() {
        ObjectNode first = compact("{'a':1,'b':2,'c':3}");
        ObjectNode sameShape = compact("{'a':10,'b':20,'c':30}");
        ObjectNode otherOrder = compact("{'c':300,'b':200}");
        ObjectNode without = compact("{'a':1000}");
        assertThat(first).isInstanceOf(CompactObjectNode.class);

        MemberLookup b = new MemberLookup(new String("b")); // not the parser's instance: interned by the lookup
        for (int round = 0; round < 3; round++) {
            assertThat(b.in(first)).isEqualTo(IntNode.valueOf(2));
            assertThat(b.in(sameShape)).isEqualTo(IntNode.valueOf(20));
            assertThat(b.in(sameShape)).isEqualTo(IntNode.valueOf(20));
            assertThat(b.in(otherOrder)).isEqualTo(IntNode.valueOf(200));
            assertThat(b.in(without)).isNull();
            assertThat(b.in(without)).isNull();
            assertThat(b.in(first)).isEqualTo(IntNode.valueOf(2));
        }
    }

    @Test
    void keysStoredAsOtherStringInstancesAreFoundByValue() {
        CompactJsonMap members = new CompactJsonMap(0);
        members.put(new String("site"), TextNode.valueOf("plant-7"));
        ObjectNode node = new CompactObjectNode(StateTestSupport.MAPPER.getNodeFactory(), members);
        assertThat(new MemberLookup("site").in(node)).isEqualTo(TextNode.valueOf("plant-7"));
    }

    @Test
    void otherNodesAreAskedAsUsual() {
        MemberLookup site = new MemberLookup("site");
        assertThat(site.in(json("{'site':'plant-8'}"))).isEqualTo(TextNode.valueOf("plant-8"));
        assertThat(site.in(json("{'other':1}"))).isNull();
        assertThat(site.in(TextNode.valueOf("site"))).isNull();
        assertThat(site.in(json("{'x':[1]}").get("x"))).isNull();
    }
}
