package dev.twinops.hub.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.twinops.hub.query.QueryAst.Binary;
import dev.twinops.hub.query.QueryAst.BinaryOperator;
import dev.twinops.hub.query.QueryAst.Call;
import dev.twinops.hub.query.QueryAst.Expr;
import dev.twinops.hub.query.QueryAst.Literal;
import dev.twinops.hub.query.QueryAst.Membership;
import dev.twinops.hub.query.QueryAst.PropertyPath;
import dev.twinops.hub.query.QueryAst.Query;
import dev.twinops.hub.query.QueryAst.Segment;
import dev.twinops.hub.query.QueryAst.Unary;
import dev.twinops.hub.query.QueryAst.UnaryOperator;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

class TwinQueryParserTest {

    // ---- clauses ---------------------------------------------------------------------------------------------

    @Test
    void selectStarFromDevices() {
        TwinQuery query = TwinQuery.parse("SELECT * FROM devices");
        assertThat(query.source()).isEqualTo(QuerySource.DEVICES);
        assertThat(query.isAggregate()).isFalse();
        assertThat(query.selectsWholeDocuments()).isTrue();
        assertThat(query.top()).isEmpty();
        assertThat(query.condition()).isEmpty();
    }

    @Test
    void lowercaseQueryAsTheSdkQueryBuilderSendsIt() {
        TwinQuery query = TwinQuery.parse("select * from devices where tags.site = 'plant-7' and status = 'enabled'");
        assertThat(query.source()).isEqualTo(QuerySource.DEVICES);
        assertThat(query.condition()).hasValueSatisfying(
                condition -> assertThat(condition.text()).isEqualTo("tags.site = 'plant-7' and status = 'enabled'"));
    }

    @Test
    void keywordsAndCollectionNamesIgnoreCase() {
        Query ast = QueryParser.parseQuery("SeLeCt ToP 5 deviceId aS id FrOm DEVICES.Jobs WhErE devices.jobs.status = 'x'");
        assertThat(ast.top()).isEqualTo(5);
        assertThat(ast.source()).isEqualTo(QuerySource.DEVICES_JOBS);
        assertThat(ast.items()).singleElement().satisfies(item -> assertThat(item.alias()).isEqualTo("id"));
        assertThat(QueryParser.parseQuery("select count() as n from devices group by tags.site").groupBy())
                .singleElement().satisfies(path -> assertThat(path.text()).isEqualTo("tags.site"));
    }

    @Test
    void theThreeCollections() {
        assertThat(TwinQuery.parse("SELECT * FROM devices").source()).isEqualTo(QuerySource.DEVICES);
        assertThat(TwinQuery.parse("SELECT * FROM devices.jobs").source()).isEqualTo(QuerySource.DEVICES_JOBS);
        assertThat(TwinQuery.parse("SELECT * FROM devices.modules").source()).isEqualTo(QuerySource.DEVICES_MODULES);
    }

    @Test
    void topAndAggregates() {
        assertThat(TwinQuery.parse("SELECT TOP 25 * FROM devices").top()).hasValue(25);
        assertThat(TwinQuery.parse("SELECT COUNT() AS n FROM devices").isAggregate()).isTrue();
        assertThat(TwinQuery.parse("SELECT tags.site, COUNT() AS n FROM devices GROUP BY tags.site").isAggregate()).isTrue();
        assertThat(TwinQuery.parse("SELECT deviceId, tags.site FROM devices").isAggregate()).isFalse();
        assertThat(TwinQuery.parse("SELECT deviceId, tags.site FROM devices").selectsWholeDocuments()).isFalse();
    }

    @Test
    void selectItemsWithAndWithoutAliases() {
        Query ast = QueryParser.parseQuery(
                "SELECT deviceId, properties.reported.firmwareVersion AS fw, COUNT() FROM devices GROUP BY deviceId");
        assertThat(ast.items()).extracting(QueryAst.SelectItem::alias).containsExactly(null, "fw", null);
        assertThat(ast.items().get(2).expression()).isInstanceOf(Call.class);
    }

    @Test
    void whereAndGroupByTogether() {
        Query ast = QueryParser.parseQuery("SELECT properties.reported.telemetryConfig.status AS status, COUNT() AS numberOfDevices"
                + " FROM devices WHERE tags.location.region = 'US' GROUP BY properties.reported.telemetryConfig.status");
        assertThat(ast.where()).isInstanceOf(Binary.class);
        assertThat(ast.groupBy()).singleElement().satisfies(path -> assertThat(names(path))
                .containsExactly("properties", "reported", "telemetryConfig", "status"));
    }

    @Test
    void queriesMaySpanLinesAndTabs() {
        TwinQuery query = TwinQuery.parse("SELECT *\n\tFROM devices\r\n  WHERE tags.location.region = 'US'\n"
                + "    AND properties.reported.telemetryConfig.sendFrequencyInSecs >= 60\n");
        assertThat(query.condition()).isPresent();
    }

    // ---- expressions -----------------------------------------------------------------------------------------

    @Test
    void andBindsTighterThanOr() {
        Expr expr = QueryParser.parseCondition("a = 1 OR b = 2 AND c = 3");
        Binary or = (Binary) expr;
        assertThat(or.operator()).isEqualTo(BinaryOperator.OR);
        assertThat(((Binary) or.right()).operator()).isEqualTo(BinaryOperator.AND);
    }

    @Test
    void notBindsTighterThanAndButLooserThanComparison() {
        Binary and = (Binary) QueryParser.parseCondition("NOT a = 1 AND b = 2");
        assertThat(and.operator()).isEqualTo(BinaryOperator.AND);
        Unary not = (Unary) and.left();
        assertThat(not.operator()).isEqualTo(UnaryOperator.NOT);
        assertThat(((Binary) not.operand()).operator()).isEqualTo(BinaryOperator.EQUAL);
    }

    @Test
    void parenthesesOverridePrecedence() {
        Binary and = (Binary) QueryParser.parseCondition("(a = 1 OR b = 2) AND c = 3");
        assertThat(and.operator()).isEqualTo(BinaryOperator.AND);
        assertThat(((Binary) and.left()).operator()).isEqualTo(BinaryOperator.OR);
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        Binary equal = (Binary) QueryParser.parseCondition("1 + 2 * 3 = 7");
        Binary plus = (Binary) equal.left();
        assertThat(plus.operator()).isEqualTo(BinaryOperator.ADD);
        assertThat(((Binary) plus.right()).operator()).isEqualTo(BinaryOperator.MULTIPLY);
    }

    @Test
    void everyComparisonOperator() {
        assertThat(operator("x = 1")).isEqualTo(BinaryOperator.EQUAL);
        assertThat(operator("x != 1")).isEqualTo(BinaryOperator.NOT_EQUAL);
        assertThat(operator("x <> 1")).isEqualTo(BinaryOperator.NOT_EQUAL);
        assertThat(operator("x < 1")).isEqualTo(BinaryOperator.LESS);
        assertThat(operator("x <= 1")).isEqualTo(BinaryOperator.LESS_OR_EQUAL);
        assertThat(operator("x > 1")).isEqualTo(BinaryOperator.GREATER);
        assertThat(operator("x >= 1")).isEqualTo(BinaryOperator.GREATER_OR_EQUAL);
        assertThat(operator("x % 2 = 1 AND x / 2 - 1 > 0")).isEqualTo(BinaryOperator.AND);
    }

    @Test
    void inNinAndNotIn() {
        Membership in = (Membership) QueryParser.parseCondition("deviceId IN ['a', \"b\", 3]");
        assertThat(in.negated()).isFalse();
        assertThat(in.candidates().elements()).hasSize(3);
        assertThat(((Membership) QueryParser.parseCondition("deviceId nin ['a']")).negated()).isTrue();
        assertThat(((Membership) QueryParser.parseCondition("deviceId NOT IN ['a']")).negated()).isTrue();
        assertThat(((Membership) QueryParser.parseCondition("deviceId IN []")).candidates().elements()).isEmpty();
    }

    @Test
    void stringLiteralsInBothQuotesWithEscapes() {
        assertThat(literal("x = 'it\\'s'")).isEqualTo(TextNode.valueOf("it's"));
        assertThat(literal("x = \"say \\\"hi\\\"\"")).isEqualTo(TextNode.valueOf("say \"hi\""));
        assertThat(literal("x = 'back\\\\slash'")).isEqualTo(TextNode.valueOf("back\\slash"));
        assertThat(literal("x = '\\u0041\\u00e9'")).isEqualTo(TextNode.valueOf("Aé"));
        assertThat(literal("x = 'line\\nbreak\\t'")).isEqualTo(TextNode.valueOf("line\nbreak\t"));
        assertThat(literal("x = \"it's\"")).isEqualTo(TextNode.valueOf("it's"));
        assertThat(literal("x = ''")).isEqualTo(TextNode.valueOf(""));
    }

    @Test
    void numberLiterals() {
        assertThat(literal("x = 42")).isEqualTo(IntNode.valueOf(42));
        assertThat(literal("x = 9000000000")).isEqualTo(LongNode.valueOf(9_000_000_000L));
        assertThat(literal("x = 2.5")).isEqualTo(DoubleNode.valueOf(2.5));
        assertThat(literal("x = .5")).isEqualTo(DoubleNode.valueOf(0.5));
        assertThat(literal("x = 1e3")).isEqualTo(DoubleNode.valueOf(1000));
        assertThat(literal("x = 2.5E-1")).isEqualTo(DoubleNode.valueOf(0.25));
        assertThat(literal("x = 0x1F")).isEqualTo(IntNode.valueOf(31));
        Unary negative = (Unary) ((Binary) QueryParser.parseCondition("x = -7")).right();
        assertThat(negative.operator()).isEqualTo(UnaryOperator.NEGATE);
    }

    @Test
    void booleanNullAndUndefinedConstantsIgnoreCase() {
        assertThat(literal("x = TRUE").booleanValue()).isTrue();
        assertThat(literal("x = false").booleanValue()).isFalse();
        assertThat(literal("x = Null").isNull()).isTrue();
        Literal undefined = (Literal) ((Binary) QueryParser.parseCondition("x = undefined")).right();
        assertThat(undefined.value()).isNull();
    }

    @Test
    void pathsWithDotsBracketsIndexesAndKeywordNames() {
        assertThat(names(path("properties.reported.iothubDM.firmwareUpdate.status = 'x'")))
                .containsExactly("properties", "reported", "iothubDM", "firmwareUpdate", "status");
        assertThat(names(path("tags['my key'] = 'x'"))).containsExactly("tags", "my key");
        assertThat(names(path("tags[\"a.b\"].c = 'x'"))).containsExactly("tags", "a.b", "c");
        assertThat(names(path("properties.desired.$version > 3"))).containsExactly("properties", "desired", "$version");
        assertThat(names(path("tags.from.select.where = 1"))).containsExactly("tags", "from", "select", "where");
        PropertyPath indexed = path("properties.reported.modes[1] = 'boost'");
        assertThat(indexed.segments().get(3)).isEqualTo(new Segment(null, 1, indexed.segments().get(3).start()));
        assertThat(indexed.text()).isEqualTo("properties.reported.modes[1]");
    }

    @Test
    void aHyphenBetweenNameCharactersBelongsToTheNameAsIoTHubReadsIt() {
        // a property named after a UUID, as the service SDK's e2e QueryClientTests.testRawQuery writes it; '5e6f'
        // and '9e1a' would otherwise read as malformed numbers
        String name = "KeyQuery0f8e3c1a-5e6f-4d2b-9e1a-7c3d2b1a0e9f";
        assertThat(names(path("properties.desired." + name + " = 'v'")))
                .containsExactly("properties", "desired", name);
        Query query = QueryParser.parseQuery("select properties.desired." + name + " AS " + name
                + ", COUNT() AS numberOfDevices from devices group by properties.desired." + name);
        assertThat(query.items().get(0).alias()).isEqualTo(name);
        assertThat(names(query.groupBy().get(0))).containsExactly("properties", "desired", name);
        assertThat(names(path("tags.my-tag-2 = 1"))).containsExactly("tags", "my-tag-2");
    }

    @Test
    void subtractionIsAMinusWithASpaceOnEitherSide() {
        assertThat(((Binary) QueryParser.parseCondition("a - 1")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(((Binary) QueryParser.parseCondition("a -1")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(((Binary) QueryParser.parseCondition("a- 1")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(((Binary) QueryParser.parseCondition("a--1")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(((Binary) QueryParser.parseCondition("(a)-1")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(((Binary) QueryParser.parseCondition("1-a")).operator()).isEqualTo(BinaryOperator.SUBTRACT);
        assertThat(names((PropertyPath) QueryParser.parseCondition("a-1"))).containsExactly("a-1");
    }

    @Test
    void functionCallsAnyCaseAnyArity() {
        Call call = (Call) QueryParser.parseCondition("startsWith(deviceId, 'pump-')");
        assertThat(call.name()).isEqualTo("startsWith");
        assertThat(call.arguments()).hasSize(2);
        assertThat(((Call) QueryParser.parseCondition("is_defined(tags.site)")).arguments()).hasSize(1);
        assertThat(((Call) ((Binary) QueryParser.parseCondition("CONCAT(a, b, c, d) = 'x'")).left()).arguments()).hasSize(4);
        // Every documented function compiles in its documented case-insensitive spellings.
        for (QueryFunctions.Function function : QueryFunctions.all()) {
            String args = String.join(", ", Collections.nCopies(function.minArguments(), "deviceId"));
            QueryCondition.parse(function.name().toLowerCase(Locale.ROOT) + "(" + args + ") = true");
            QueryCondition.parse(function.name() + "(" + args + ") = true");
        }
    }

    @Test
    void whitespaceIsOptionalAroundOperators() {
        assertThat(TwinQuery.parse("SELECT*FROM devices WHERE tags.site='a'AND(x<>1)").condition()).isPresent();
    }

    // ---- errors ----------------------------------------------------------------------------------------------

    static Stream<Arguments> malformedQueries() {
        return Stream.of(
                Arguments.of("SELECT * FROM devices WHERE deviceId =", 39,
                        "Syntax error at position 39: expected a value after '=' but found end of query"),
                Arguments.of("select * from devices where STARTWITH(deviceId, 'a')", 29,
                        "Unknown function 'STARTWITH' at position 29: did you mean STARTSWITH?"),
                Arguments.of("", 1, "Syntax error at position 1: expected SELECT at the start of the query but found end of query"),
                Arguments.of("DELETE FROM devices", 1, "expected SELECT at the start of the query but found 'DELETE'"),
                Arguments.of("SELECT FROM devices", 8, "expected '*' or the values to select after SELECT but found keyword FROM"),
                Arguments.of("SELECT * devices", 10, "expected FROM after SELECT * but found 'devices'"),
                Arguments.of("SELECT deviceId status FROM devices", 17,
                        "expected ',' or FROM after the selected values but found 'status'"),
                Arguments.of("SELECT * FROM", 14, "expected a collection (devices, devices.jobs or devices.modules) after FROM"),
                Arguments.of("SELECT * FROM twins", 15, "Unknown collection 'twins' at position 15"),
                Arguments.of("SELECT * FROM devices.configurations", 15, "Unknown collection 'devices.configurations'"),
                Arguments.of("SELECT * FROM devices WHERE", 28, "expected a condition after WHERE but found end of query"),
                Arguments.of("SELECT * FROM devices WHERE GROUP BY x", 29, "expected a condition after WHERE but found keyword GROUP"),
                Arguments.of("SELECT * FROM devices WHERE a = 1 b = 2", 35,
                        "expected AND, OR, GROUP BY or end of query after the WHERE condition but found 'b'"),
                Arguments.of("SELECT * FROM devices WHERE a = 1 AND", 38, "expected a value after AND but found end of query"),
                Arguments.of("SELECT * FROM devices WHERE a = 1 OR OR b = 2", 38, "expected a value after OR but found keyword OR"),
                Arguments.of("SELECT * FROM devices WHERE NOT", 32, "expected a value after NOT but found end of query"),
                Arguments.of("SELECT * FROM devices WHERE = 1", 29, "expected a value after WHERE but found '='"),
                Arguments.of("SELECT * FROM devices WHERE (a = 1", 35, "expected ')' to close '(' at position 29 but found end of query"),
                Arguments.of("SELECT * FROM devices WHERE a = 1)", 34,
                        "expected AND, OR, GROUP BY or end of query after the WHERE condition but found ')'"),
                Arguments.of("SELECT * FROM devices WHERE a == 1", 31, "'==' is not an operator; compare with '='"),
                Arguments.of("SELECT * FROM devices WHERE a ! 1", 31, "unexpected character '!' (did you mean '!='?)"),
                Arguments.of("SELECT * FROM devices WHERE a = #", 33, "unexpected character '#'"),
                Arguments.of("SELECT * FROM devices WHERE a = 'open", 33, "string starting here is not closed with '"),
                Arguments.of("SELECT * FROM devices WHERE a = 'bad \\q'", 38, "unknown escape sequence '\\q'"),
                Arguments.of("SELECT * FROM devices WHERE a = '\\u12'", 34, "expected 4 hexadecimal digits after \\u"),
                Arguments.of("SELECT * FROM devices WHERE a = 12abc", 33, "malformed number '12abc'"),
                Arguments.of("SELECT * FROM devices WHERE a = 1e", 34, "expected digits in the exponent"),
                Arguments.of("SELECT * FROM devices WHERE a IN ('x', 'y')", 34,
                        "expected '[' after IN but found '(' (IoT Hub writes the list in square brackets"),
                Arguments.of("SELECT * FROM devices WHERE a IN ['x', ]", 40, "expected a value after ',' but found ']'"),
                Arguments.of("SELECT * FROM devices WHERE a IN ['x'", 38, "expected ']' to close '[' at position 34"),
                Arguments.of("SELECT * FROM devices WHERE tags. = 1", 35, "expected a property name after '.' but found '='"),
                Arguments.of("SELECT * FROM devices WHERE tags.'site' = 1", 34,
                        "(write unusual names in brackets: tags['my key'])"),
                Arguments.of("SELECT * FROM devices WHERE tags[x] = 1", 34,
                        "expected a quoted property name or an array index inside '[ ]' but found 'x'"),
                Arguments.of("SELECT * FROM devices WHERE IS_DEFINED()", 29,
                        "Wrong number of arguments for IS_DEFINED at position 29: it takes 1 argument, IS_DEFINED(path), but was given 0"),
                Arguments.of("SELECT * FROM devices WHERE startswith(deviceId)", 29,
                        "Wrong number of arguments for STARTSWITH at position 29: it takes 2 arguments"),
                Arguments.of("SELECT * FROM devices WHERE frobnicate(deviceId)", 29,
                        "Unknown function 'frobnicate' at position 29: see docs/query-language.md"),
                Arguments.of("SELECT * FROM devices WHERE COUNT() > 1", 29, "Aggregate COUNT() in the wrong place at position 29"),
                Arguments.of("SELECT COUNT(*) FROM devices", 14, "COUNT(*) is not IoT Hub syntax at position 14: write COUNT()"),
                Arguments.of("SELECT COUNT(deviceId) AS n FROM devices", 8, "Wrong number of arguments for COUNT"),
                Arguments.of("SELECT SUM() AS n FROM devices", 8, "Wrong number of arguments for SUM"),
                Arguments.of("SELECT TOP 0 * FROM devices", 12, "Invalid TOP 0 at position 12: TOP needs a positive whole number"),
                Arguments.of("SELECT TOP 2.5 * FROM devices", 12, "Invalid TOP 2.5"),
                Arguments.of("SELECT TOP 99999999999 * FROM devices", 12, "Invalid TOP 99999999999"),
                Arguments.of("SELECT TOP -1 * FROM devices", 12, "expected a positive whole number after TOP but found '-'"),
                Arguments.of("SELECT TOP * FROM devices", 12, "expected a positive whole number after TOP but found '*'"),
                Arguments.of("SELECT deviceId FROM devices GROUP BY deviceId", 30,
                        "GROUP BY without an aggregate at position 30: add an aggregate such as COUNT() to SELECT"),
                Arguments.of("SELECT * FROM devices GROUP BY status", 8, "SELECT * with GROUP BY at position 8"),
                Arguments.of("SELECT COUNT() AS n FROM devices GROUP status", 40, "expected BY after GROUP but found 'status'"),
                Arguments.of("SELECT COUNT() AS n FROM devices GROUP BY", 42, "expected a property path after BY but found end of query"),
                Arguments.of("SELECT COUNT() AS n FROM devices GROUP BY LOWER(status)", 43, "GROUP BY on a function call at position 43"),
                Arguments.of("SELECT deviceId, COUNT() AS n FROM devices GROUP BY status", 8,
                        "'deviceId' is neither aggregated nor grouped at position 8: a SELECT item next to an aggregate must be one of the GROUP BY properties"),
                Arguments.of("SELECT deviceId, COUNT() AS n FROM devices", 8,
                        "with an aggregate and no GROUP BY, every SELECT item must be an aggregate"),
                Arguments.of("SELECT deviceId, tags.deviceId FROM devices", 18,
                        "Duplicate output name 'deviceId' at position 18: give one of the selected values another name with AS"),
                Arguments.of("SELECT deviceId, *  FROM devices", 18, "'*' must be the only thing selected"),
                Arguments.of("SELECT deviceId AS FROM devices", 20, "expected a name after AS but found keyword FROM"),
                Arguments.of("SELECT * FROM devices ORDER BY deviceId", 23, "ORDER BY is not supported at position 23"),
                Arguments.of("SELECT * FROM devices LIMIT 5", 23, "LIMIT is not supported at position 23: write SELECT TOP n ..."),
                Arguments.of("SELECT * FROM devices, devices", 22,
                        "expected WHERE, GROUP BY or end of query after FROM devices but found ','"),
                Arguments.of("SELECT * FROM devices.jobs WHERE deviceId = 'x'", 34,
                        "'deviceId' is not a job field at position 34: in FROM devices.jobs write job fields as devices.jobs.<field>"),
                Arguments.of("SELECT devices.jobs.jobId FROM devices.jobs", 8, "Projection on devices.jobs at position 8"),
                Arguments.of("SELECT COUNT() AS n FROM devices.jobs", 8, "Projection on devices.jobs"),
                Arguments.of("SELECT * FROM devices WHERE ()", 30, "expected a value inside '(' but found ')'"),
                Arguments.of("SELECT DISTINCT tags.site FROM devices", 8, "SELECT DISTINCT is not supported at position 8"),
                Arguments.of("select value deviceId from devices", 8, "SELECT VALUE is not supported"),
                Arguments.of("SELECT * FROM devices d WHERE d.deviceId = 'x'", 23,
                        "Unexpected 'd' after FROM devices at position 23: IoT Hub queries read one collection without an alias"),
                Arguments.of("SELECT * FROM devices JOIN t IN devices.tags", 23, "JOIN is not supported at position 23"),
                Arguments.of("SELECT * FROM devices WHERE deviceId LIKE 'pump%'", 38,
                        "LIKE is not supported at position 38: use STARTSWITH, ENDSWITH or CONTAINS"),
                Arguments.of("SELECT * FROM devices WHERE tags.floor BETWEEN 1 AND 3", 40, "BETWEEN is not supported"),
                Arguments.of("SELECT * FROM devices WHERE (SELECT * FROM devices)", 30,
                        "expected a value after '(' but found keyword SELECT"),
                Arguments.of("SELECT * FROM devices WHERE a = 'x' || 'y'", 37, "unexpected character '|'"),
                Arguments.of("SELECT * FROM devices WHERE ARRAY_CONTAINS(tags.list, 'x')", 29,
                        "Unknown function 'ARRAY_CONTAINS' at position 29"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedQueries")
    void malformedQueriesSayWhatAndWhere(String text, int position, String message) {
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class, () -> TwinQuery.parse(text));
        assertThat(error).as("query %s should be refused", text).isNotNull();
        assertThat(error.getMessage()).contains(message);
        assertThat(error.getMessage()).contains("at position " + position);
        assertThat(error.position()).isEqualTo(position);
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(position);
    }

    @Test
    void queryErrorsAreArgumentInvalidHubErrors() {
        assertThatThrownBy(() -> TwinQuery.parse("SELECT * FROM devices WHERE"))
                .isInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e).error()).isEqualTo(HubError.ARGUMENT_INVALID));
    }

    @Test
    void queriesLongerThanIoTHubAcceptsAreRefused() {
        String condition = "deviceId = 'x' OR ".repeat(500) + "deviceId = 'y'";
        String text = "SELECT * FROM devices WHERE " + condition;
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class, () -> TwinQuery.parse(text));
        assertThat(error.getMessage()).isEqualTo("Query too long at position 8193: IoT Hub accepts queries of at most 8192"
                + " characters and this one has " + text.length());
        String longest = "SELECT * FROM devices WHERE deviceId = '" + "x".repeat(8192 - 41) + "'";
        assertThat(longest).hasSize(8192);
        assertThat(TwinQuery.parse(longest).execute(TestTwins.fleet())).isEmpty();
    }

    @Test
    void multiLineQueriesReportLineAndColumn() {
        QuerySyntaxException error = catchThrowableOfType(QuerySyntaxException.class,
                () -> TwinQuery.parse("SELECT *\nFROM devices\nWHERE tags.site = 'a'\n  AND"));
        assertThat(error.position()).isEqualTo(50);
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.column()).isEqualTo(6);
        assertThat(error.getMessage()).isEqualTo(
                "Syntax error at position 50 (line 4, column 6): expected a value after AND but found end of query");
    }

    @Test
    void conditionAloneForJobs() {
        assertThat(QueryCondition.parse("deviceId IN ['a', 'b']").text()).isEqualTo("deviceId IN ['a', 'b']");
        assertThat(catchThrowableOfType(QuerySyntaxException.class, () -> QueryCondition.parse("WHERE deviceId = 'a'"))
                .getMessage()).isEqualTo("Syntax error at position 1: expected a condition but found keyword WHERE"
                + " (a condition is written without WHERE)");
        assertThat(catchThrowableOfType(QuerySyntaxException.class, () -> QueryCondition.parse("  "))
                .getMessage()).isEqualTo("Syntax error at position 3: expected a condition but found end of query");
        assertThat(catchThrowableOfType(QuerySyntaxException.class, () -> QueryCondition.parse("a = 1 GROUP BY a"))
                .getMessage()).isEqualTo("Syntax error at position 7: expected AND, OR or end of condition but found keyword GROUP");
        assertThat(catchThrowableOfType(QuerySyntaxException.class, () -> QueryCondition.parse("ENDSWITH(deviceId)"))
                .position()).isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static BinaryOperator operator(String condition) {
        return ((Binary) QueryParser.parseCondition(condition)).operator();
    }

    private static JsonNode literal(String condition) {
        return ((Literal) ((Binary) QueryParser.parseCondition(condition)).right()).value();
    }

    private static PropertyPath path(String condition) {
        return (PropertyPath) ((Binary) QueryParser.parseCondition(condition)).left();
    }

    private static List<String> names(PropertyPath path) {
        return path.segments().stream().map(Segment::name).toList();
    }
}
