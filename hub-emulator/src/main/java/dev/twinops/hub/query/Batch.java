package dev.twinops.hub.query;

import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A run of documents a WHERE filters together (see {@link Evaluator#filter}). Checking a condition document by
 * document chases one twin's chain of objects after another; checking it step by step over a batch (every
 * document's first path step, then every second step ...) makes independent lookups that the processor overlaps, and
 * pays the evaluator's calls once per batch rather than once per document. One per query execution, not shared.
 */
final class Batch {
    static final int SIZE = 256;

    /** The documents still in the running, in input order, {@link #count} of them. */
    final JsonNode[] documents = new JsonNode[SIZE];
    /** Scratch for one condition's values, index for index with {@link #documents}. */
    final JsonNode[] values = new JsonNode[SIZE];
    int count;

    /** Refills the batch with up to {@code max} (at most {@link #SIZE}) documents from {@code source}. */
    void fill(Iterator<? extends JsonNode> source, int max) {
        int limit = Math.min(max, SIZE);
        int n = 0;
        while (n < limit && source.hasNext()) {
            documents[n++] = source.next();
        }
        count = n;
    }
}
