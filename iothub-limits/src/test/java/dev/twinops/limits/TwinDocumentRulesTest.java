package dev.twinops.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.twinops.limits.TwinRuleViolation.Rule.ARRAY_NOT_ALLOWED;
import static dev.twinops.limits.TwinRuleViolation.Rule.EMPTY_KEY;
import static dev.twinops.limits.TwinRuleViolation.Rule.FORBIDDEN_KEY_CHARACTER;
import static dev.twinops.limits.TwinRuleViolation.Rule.KEY_TOO_LONG;
import static dev.twinops.limits.TwinRuleViolation.Rule.NOT_FINITE_NUMBER;
import static dev.twinops.limits.TwinRuleViolation.Rule.NULL_IN_ARRAY;
import static dev.twinops.limits.TwinRuleViolation.Rule.SECTION_TOO_LARGE;
import static dev.twinops.limits.TwinRuleViolation.Rule.STRING_TOO_LONG;
import static dev.twinops.limits.TwinRuleViolation.Rule.TOO_DEEP;
import static dev.twinops.limits.TwinRuleViolation.Rule.UNSUPPORTED_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

class TwinDocumentRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static TwinRuleViolation violation(ObjectNode section, TwinSectionLimits limits) {
        return TwinDocumentRules.firstViolation(section, limits).orElseThrow();
    }

    private static ObjectNode nested(int levels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode level = root;
        for (int i = 1; i <= levels; i++) {
            level = level.putObject("l" + i);
        }
        level.put("leaf", 1);
        return root;
    }

    @Test
    void aTypicalSectionBreaksNoRule() {
        ObjectNode tags = json("{'site':'plant-1','geo':{'lat':1.5,'ok':true,'gone':null}}");
        ObjectNode reported = json("{'fw':'1.0','zones':[1,{'name':'a'}],'geo':{'lat':1.5,'ok':true,'gone':null}}");

        assertThat(TwinDocumentRules.firstViolation(tags, TwinSectionLimits.TAGS)).isEmpty();
        assertThat(TwinDocumentRules.sizeViolation(tags, TwinSectionLimits.TAGS)).isEmpty();
        assertThat(TwinDocumentRules.firstViolation(reported, TwinSectionLimits.REPORTED)).isEmpty();
    }

    @Test
    void objectsNestTenLevelsButNotEleven() {
        assertThat(TwinDocumentRules.firstViolation(nested(10), TwinSectionLimits.DESIRED)).isEmpty();

        TwinRuleViolation tooDeep = violation(nested(11), TwinSectionLimits.DESIRED);

        assertThat(tooDeep.rule()).isEqualTo(TOO_DEEP);
        assertThat(tooDeep.measured()).isEqualTo(11);
        assertThat(tooDeep.path().dotted()).isEqualTo("l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11");
    }

    @Test
    void anArrayIsNotALevelOfNesting() {
        ObjectNode tags = nested(9);
        ObjectNode ninth = (ObjectNode) tags.at("/l1/l2/l3/l4/l5/l6/l7/l8/l9");
        ninth.putArray("list").addObject().put("x", 1);
        assertThat(TwinDocumentRules.firstViolation(tags, TwinSectionLimits.DESIRED)).isEmpty();

        ((ObjectNode) ninth.get("list").get(0)).putObject("deeper").put("y", 1);
        TwinRuleViolation tooDeep = violation(tags, TwinSectionLimits.DESIRED);
        assertThat(tooDeep.rule()).isEqualTo(TOO_DEEP);
        assertThat(tooDeep.path().withArrayMarks()).isEqualTo("l1.l2.l3.l4.l5.l6.l7.l8.l9.list[].deeper");
        assertThat(tooDeep.path().dotted()).isEqualTo("l1.l2.l3.l4.l5.l6.l7.l8.l9.list.deeper");
    }

    @Test
    void keysAreMeasuredInUtf8BytesUpToOneKibibyte() {
        assertThat(TwinDocumentRules.firstViolation(json("{'" + "k".repeat(1024) + "':1}"), TwinSectionLimits.REPORTED))
                .isEmpty();

        TwinRuleViolation ascii = violation(json("{'" + "k".repeat(1025) + "':1}"), TwinSectionLimits.REPORTED);
        TwinRuleViolation accented = violation(json("{'" + "é".repeat(513) + "':1}"), TwinSectionLimits.REPORTED);

        assertThat(ascii.rule()).isEqualTo(KEY_TOO_LONG);
        assertThat(ascii.measured()).isEqualTo(1025);
        assertThat(accented.measured()).isEqualTo(1026);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "$x", "a b", "tab\there", "nul\u0000", "c1\u0085"})
    void keysMayNotHoldDotsDollarsSpacesOrControlCharacters(String key) {
        ObjectNode section = JsonNodeFactory.instance.objectNode();
        section.putObject("nested").put(key, 1);

        TwinRuleViolation violation = violation(section, TwinSectionLimits.REPORTED);

        assertThat(violation.rule()).isEqualTo(FORBIDDEN_KEY_CHARACTER);
        assertThat(key).contains(String.valueOf(violation.character()));
        assertThat(violation.path().lastKey()).isEqualTo(key);
        assertThat(violation.path().parent().dotted()).isEqualTo("nested");
    }

    @Test
    void anEmptyKeyIsRefused() {
        TwinRuleViolation violation = violation(json("{'a':{'':1}}"), TwinSectionLimits.TAGS);

        assertThat(violation.rule()).isEqualTo(EMPTY_KEY);
        assertThat(violation.path().parent().dotted()).isEqualTo("a");
    }

    @Test
    void arraysInDesiredAndReportedPropertiesButNotInTagsAndNeverWithNull() {
        TwinRuleViolation tags = violation(json("{'cfg':{'list':[1,2]}}"), TwinSectionLimits.TAGS);
        TwinRuleViolation withNull = violation(json("{'zones':[1,null]}"), TwinSectionLimits.REPORTED);

        assertThat(tags.rule()).isEqualTo(ARRAY_NOT_ALLOWED);
        assertThat(tags.path().dotted()).isEqualTo("cfg.list");
        assertThat(withNull.rule()).isEqualTo(NULL_IN_ARRAY);
        assertThat(withNull.path().dotted()).isEqualTo("zones");
        assertThat(TwinDocumentRules.firstViolation(json("{'cfg':{'list':[1,2]}}"), TwinSectionLimits.DESIRED)).isEmpty();
        assertThat(TwinDocumentRules.firstViolation(json("{'list':[1,'a',true,{'k':2}]}"), TwinSectionLimits.REPORTED))
                .isEmpty();
        assertThat(TwinDocumentRules.firstViolation(json("{'zones':[[1],[2]]}"), TwinSectionLimits.DESIRED)).isEmpty();
    }

    @Test
    void stringValuesUpToFourKibibytes() {
        ObjectNode fits = JsonNodeFactory.instance.objectNode().put("s", "x".repeat(4096));
        ObjectNode over = JsonNodeFactory.instance.objectNode().put("s", "x".repeat(4097));
        ObjectNode inArray = JsonNodeFactory.instance.objectNode();
        inArray.putArray("list").add("x".repeat(4097));

        assertThat(TwinDocumentRules.firstViolation(fits, TwinSectionLimits.DESIRED)).isEmpty();
        assertThat(violation(over, TwinSectionLimits.DESIRED).rule()).isEqualTo(STRING_TOO_LONG);
        assertThat(violation(over, TwinSectionLimits.DESIRED).measured()).isEqualTo(4097);
        assertThat(violation(inArray, TwinSectionLimits.REPORTED).path().withArrayMarks()).isEqualTo("list[]");
    }

    @Test
    void valuesJsonCannotHoldAreRefused() {
        ObjectNode infinite = json("{'huge':1e400}");
        ObjectNode binary = JsonNodeFactory.instance.objectNode().put("raw", new byte[] {1, 2});

        assertThat(violation(infinite, TwinSectionLimits.REPORTED).rule()).isEqualTo(NOT_FINITE_NUMBER);
        TwinRuleViolation unsupported = violation(binary, TwinSectionLimits.REPORTED);
        assertThat(unsupported.rule()).isEqualTo(UNSUPPORTED_VALUE);
        assertThat(unsupported.valueType()).isEqualTo(JsonNodeType.BINARY);
    }

    @Test
    void theFirstBrokenRuleInDocumentOrderIsReported() {
        TwinRuleViolation violation = violation(json("{'ok':1,'bad.key':{'$also':1},'list':[1]}"), TwinSectionLimits.DESIRED);

        assertThat(violation.rule()).isEqualTo(FORBIDDEN_KEY_CHARACTER);
        assertThat(violation.path().dotted()).isEqualTo("bad.key");
    }

    @Test
    void sizeIsCompactJsonWithoutTheReadOnlyKeys() {
        ObjectNode section = json("{'a':'é','$version':12,'$metadata':{'$lastUpdated':'2026-01-01T00:00:00Z'}}");

        assertThat(TwinDocumentRules.jsonBytes(section)).isEqualTo("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void sectionsOverTheirSizeAreReportedWithTheirSize() {
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        tags.put("a", "x".repeat(4000)).put("b", "x".repeat(4000)).put("c", "x".repeat(300));
        long bytes = TwinDocumentRules.jsonBytes(tags);

        TwinRuleViolation tooLarge = TwinDocumentRules.sizeViolation(tags, TwinSectionLimits.TAGS).orElseThrow();

        assertThat(bytes).isGreaterThan(8192);
        assertThat(tooLarge.rule()).isEqualTo(SECTION_TOO_LARGE);
        assertThat(tooLarge.measured()).isEqualTo(bytes);
        assertThat(TwinDocumentRules.sizeViolation(tags, TwinSectionLimits.DESIRED)).isEmpty();
        assertThat(TwinSectionLimits.TAGS.maxBytes()).isEqualTo(8192);
        assertThat(TwinSectionLimits.DESIRED.maxBytes()).isEqualTo(32768);
        assertThat(TwinSectionLimits.REPORTED.maxBytes()).isEqualTo(32768);
    }
}
