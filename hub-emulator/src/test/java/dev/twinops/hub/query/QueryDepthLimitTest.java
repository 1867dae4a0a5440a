package dev.twinops.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Queries built to exhaust the stack: nesting and operator chains within IoT Hub's 8,192 characters are refused
 * as 400s that name where the query went too deep, and queries inside the bounds still run.
 */
class QueryDepthLimitTest {
    private static final String WHERE = "SELECT * FROM devices WHERE ";

    @Test
    void aThousandParenthesesAreRefusedAtTheFirstOneTooMany() {
        String text = WHERE + "(".repeat(1000) + "1=1" + ")".repeat(1000);
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class, () -> TwinQuery.parse(text));
        assertThat(error.position()).isEqualTo(WHERE.length() + ExpressionDepth.MAX_NESTING + 1);
        assertThat(error.getMessage()).startsWith("Expression nested too deeply at position "
                + (WHERE.length() + ExpressionDepth.MAX_NESTING + 1) + ": at most 100 levels");
    }

    @Test
    void chainsOfSignsNotsCallsAndArraysAreNestingToo() {
        assertTooDeep(WHERE + "-".repeat(8000) + "1 = 1", WHERE.length() + 101);
        assertTooDeep(WHERE + "+-".repeat(3000) + "1 = 1", WHERE.length() + 101);
        assertTooDeep(WHERE + "NOT ".repeat(1000) + "true", WHERE.length() + 4 * 100 + 1);
        assertTooDeep(WHERE + "LOWER(".repeat(500) + "deviceId" + ")".repeat(500) + " = 'a'", WHERE.length() + 6 * 100 + 6);
        assertTooDeep(WHERE + "deviceId IN " + "[".repeat(1000) + "'a'" + "]".repeat(1000),
                WHERE.length() + "deviceId IN ".length() + 101);
    }

    @Test
    void aJobsQueryConditionIsBoundTheSameWay() {
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class,
                () -> QueryCondition.parse("(".repeat(4000) + "deviceId = 'a'" + ")".repeat(4000)));
        assertThat(error.position()).isEqualTo(101);
        assertThat(error.getMessage()).contains("nested too deeply");
    }

    @Test
    void aLongOperatorChainIsRefusedWhereTheTreeGetsTooDeep() {
        // 1+1+...: each operator adds a level to the tree the compiler and evaluators walk recursively
        String text = WHERE + "1+".repeat(3000) + "1 = 3001";
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class, () -> TwinQuery.parse(text));
        assertThat(error.getMessage()).startsWith("Expression too deep at position " + (WHERE.length() + 2000) + ":");
    }

    @Test
    void queriesWithinTheBoundsParseAndRun() {
        String nested = WHERE + "(".repeat(ExpressionDepth.MAX_NESTING) + "deviceId = 'pump-001'"
                + ")".repeat(ExpressionDepth.MAX_NESTING);
        assertThat(TwinQuery.parse(nested).execute(TestTwins.fleet())).hasSize(1);

        // what query builders write: 300 comparisons joined by OR
        StringBuilder ors = new StringBuilder(WHERE);
        for (int i = 0; i < 300; i++) {
            ors.append(i == 0 ? "" : " OR ").append("deviceId = 'x").append(i).append('\'');
        }
        ors.append(" OR deviceId = 'pump-001'");
        assertThat(TwinQuery.parse(ors.toString()).execute(TestTwins.fleet())).hasSize(1);

        // 997 additions, the comparison and the AND: a tree exactly MAX_TREE_DEPTH deep
        String sum = WHERE + "1+".repeat(ExpressionDepth.MAX_TREE_DEPTH - 3) + "1 = " + (ExpressionDepth.MAX_TREE_DEPTH - 2)
                + " AND deviceId = 'pump-001'";
        assertThat(TwinQuery.parse(sum).execute(TestTwins.fleet())).hasSize(1);
    }

    private static void assertTooDeep(String text, int position) {
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class, () -> TwinQuery.parse(text));
        assertThat(error).as(text.substring(0, Math.min(80, text.length()))).isNotNull();
        assertThat(error.getMessage()).contains("nested too deeply");
        assertThat(error.position()).isEqualTo(position);
    }
}
