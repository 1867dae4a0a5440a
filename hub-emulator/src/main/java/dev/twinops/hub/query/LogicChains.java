package dev.twinops.hub.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/** AND and OR as the query compiles them: each chain of one operator is one evaluator over an array. */
final class LogicChains {
    private LogicChains() {
    }

    /**
     * Three-valued AND of a chain ({@code a AND b AND c ...} flattened into one array, so a WHERE walks its
     * conditions in one loop rather than down a tree of pairs): false if any operand is, true if all are,
     * undefined otherwise.
     */
    static final class AllOf implements Evaluator {
        private final Evaluator[] operands;

        AllOf(Evaluator[] operands) {
            this.operands = operands;
        }

        Evaluator[] operands() {
            return operands.clone();
        }

        @Override
        public JsonNode evaluate(JsonNode document) {
            boolean allTrue = true;
            for (Evaluator operand : operands) {
                JsonNode value = operand.evaluate(document);
                if (JsonValues.isFalse(value)) {
                    return BooleanNode.FALSE;
                }
                allTrue &= JsonValues.isTrue(value);
            }
            return allTrue ? BooleanNode.TRUE : null;
        }

        /** True only when every operand is; stops at the first that is not. */
        @Override
        public boolean isTrue(JsonNode document) {
            for (Evaluator operand : operands) {
                if (!operand.isTrue(document)) {
                    return false;
                }
            }
            return true;
        }

        /** Each operand filters what the ones before it kept, a batch at a time. */
        @Override
        public void filter(Batch batch) {
            for (Evaluator operand : operands) {
                if (batch.count == 0) {
                    return;
                }
                operand.filter(batch);
            }
        }
    }

    /** Three-valued OR of a flattened chain: true if any operand is, false if all are, undefined otherwise. */
    static final class AnyOf implements Evaluator {
        private final Evaluator[] operands;

        AnyOf(Evaluator[] operands) {
            this.operands = operands;
        }

        Evaluator[] operands() {
            return operands.clone();
        }

        @Override
        public JsonNode evaluate(JsonNode document) {
            boolean allFalse = true;
            for (Evaluator operand : operands) {
                JsonNode value = operand.evaluate(document);
                if (JsonValues.isTrue(value)) {
                    return BooleanNode.TRUE;
                }
                allFalse &= JsonValues.isFalse(value);
            }
            return allFalse ? BooleanNode.FALSE : null;
        }

        /** True when any operand is (true wins over undefined). */
        @Override
        public boolean isTrue(JsonNode document) {
            for (Evaluator operand : operands) {
                if (operand.isTrue(document)) {
                    return true;
                }
            }
            return false;
        }
    }
}
