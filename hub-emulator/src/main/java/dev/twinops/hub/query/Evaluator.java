package dev.twinops.hub.query;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled expression. Evaluation allocates nothing for paths, constants, comparisons and logic; it returns
 * the value in the document (or a shared constant), {@code null} meaning undefined.
 */
@FunctionalInterface
interface Evaluator {
    JsonNode evaluate(JsonNode document);

    /**
     * Whether the value is exactly {@code true}, which is all a WHERE needs: conditions answer it without
     * building the three-valued result (false and undefined both drop the row).
     */
    default boolean isTrue(JsonNode document) {
        return JsonValues.isTrue(evaluate(document));
    }

    /**
     * Keeps, of the batch's documents, those this condition {@link #isTrue is true} for, in their order. Conditions
     * that can check a whole batch one path step at a time override it; this one asks document by document.
     */
    default void filter(Batch batch) {
        JsonNode[] documents = batch.documents;
        int kept = 0;
        for (int i = 0; i < batch.count; i++) {
            JsonNode document = documents[i];
            if (isTrue(document)) {
                documents[kept++] = document;
            }
        }
        batch.count = kept;
    }

    /** The constant value when this evaluator ignores the document; {@code null} otherwise. */
    default Constant asConstant() {
        return null;
    }

    /** A value that does not depend on the document. */
    record Constant(JsonNode value) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            return value;
        }

        @Override
        public Constant asConstant() {
            return this;
        }
    }
}
