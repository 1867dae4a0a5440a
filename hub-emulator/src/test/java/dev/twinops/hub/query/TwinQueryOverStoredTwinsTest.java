package dev.twinops.hub.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.hub.state.CompactObjectNode;

/**
 * Every query execution test again over the twins as the hub stores them (compact member maps with shared key
 * shapes, which the query's paths look members up in): the results must be the same as over Jackson's own nodes.
 */
class TwinQueryOverStoredTwinsTest extends TwinQueryExecutionTest {

    @Override
    List<JsonNode> fleet() {
        return TestTwins.fleet().stream().map(twin -> (JsonNode) CompactObjectNode.copyOf((ObjectNode) twin)).toList();
    }
}
