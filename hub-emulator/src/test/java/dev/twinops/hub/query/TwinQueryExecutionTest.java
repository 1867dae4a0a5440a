package dev.twinops.hub.query;

import static dev.twinops.hub.query.TestTwins.deviceIds;
import static dev.twinops.hub.query.TestTwins.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class TwinQueryExecutionTest {
    private final List<JsonNode> fleet = fleet();

    /** The twins every test queries; {@link TwinQueryOverStoredTwinsTest} runs the same tests over the hub's own nodes. */
    List<JsonNode> fleet() {
        return TestTwins.fleet();
    }

    private List<String> ids(String query) {
        return deviceIds(TwinQuery.parse(query).execute(fleet));
    }

    private List<String> where(String condition) {
        return ids("SELECT * FROM devices WHERE " + condition);
    }

    // ---- filtering -------------------------------------------------------------------------------------------

    @Test
    void selectStarReturnsTheTwinsThemselvesInInputOrder() {
        List<JsonNode> rows = TwinQuery.parse("select * from devices").execute(fleet);
        assertThat(rows).hasSize(5);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).isSameAs(fleet.get(i));
        }
    }

    @Test
    void theDocumentedSiteAndFirmwareFilter() {
        assertThat(where("tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'"))
                .containsExactly("pump-001");
    }

    @Test
    void equalityOnStringsNumbersAndBooleans() {
        assertThat(where("deviceId = 'pump-002'")).containsExactly("pump-002");
        assertThat(where("deviceId = \"pump-002\"")).containsExactly("pump-002");
        assertThat(where("properties.desired.telemetryInterval = 10")).containsExactly("pump-001", "valve-011");
        assertThat(where("properties.reported.temperature = 19.0")).containsExactly("pump-002");
        assertThat(where("properties.reported.online = true")).containsExactly("pump-001");
        assertThat(where("properties.reported.online = false")).containsExactly("pump-002");
        assertThat(where("tags.location.floor = 0")).containsExactly("valve-011");
    }

    @Test
    void aStringComparedWithAPathEitherWayRoundIsUndefinedForOtherTypes() {
        assertThat(where("'plant-7' = tags.site")).containsExactly("pump-001", "pump-002");
        assertThat(where("'enabled' != status")).containsExactly("valve-010");
        // a number, boolean or object against a string is neither equal nor unequal: NOT keeps it out too
        assertThat(where("properties.reported.temperature = '19'")).isEmpty();
        assertThat(where("properties.reported.temperature != '19'")).isEmpty();
        assertThat(where("NOT (properties.reported.temperature = '19')")).isEmpty();
        assertThat(where("NOT (properties.reported.online != 'true')")).isEmpty();
        assertThat(where("tags.location != 'x'")).isEmpty();
    }

    @Test
    void notEqualInBothSpellings() {
        assertThat(where("status != 'enabled'")).containsExactly("valve-010");
        assertThat(where("status <> 'enabled'")).containsExactly("valve-010");
    }

    @Test
    void orderingComparisonsOnNumbers() {
        assertThat(where("properties.reported.temperature > 20")).containsExactly("pump-001", "valve-011");
        assertThat(where("properties.reported.temperature >= 30")).containsExactly("valve-011");
        assertThat(where("properties.reported.temperature < 0")).containsExactly("valve-010");
        assertThat(where("properties.reported.temperature <= 19")).containsExactly("pump-002", "valve-010");
        assertThat(where("properties.reported.temperature > -3.5")).containsExactly("pump-001", "pump-002", "valve-010", "valve-011");
    }

    @Test
    void orderingComparisonsOnStringsAreOrdinal() {
        assertThat(where("deviceId >= 'sensor'")).containsExactly("valve-010", "valve-011", "sensor-100");
        assertThat(where("deviceId < 'pump-002'")).containsExactly("pump-001");
        // Same-format ISO timestamps order chronologically as strings.
        assertThat(where("lastActivityTime > '2026-03-01T00:00:00Z'")).containsExactly("pump-001", "valve-011", "sensor-100");
        assertThat(where("lastActivityTime < '2026-02-01'")).containsExactly("valve-010");
        // Ordinal: upper case sorts before lower case.
        assertThat(where("connectionState < 'connected'")).hasSize(5);
    }

    @Test
    void systemPropertiesAsIoTHubListsThem() {
        assertThat(where("status = 'enabled' AND connectionState = 'Disconnected'")).containsExactly("pump-002");
        assertThat(where("connectionState = 'Connected'")).containsExactly("pump-001", "valve-011", "sensor-100");
        assertThat(where("version = 7")).hasSize(5);
        assertThat(where("capabilities.iotEdge = false")).hasSize(5);
    }

    @Test
    void systemPropertyNamesIgnoreCaseLikeIoTHub() {
        assertThat(where("DeviceId = 'pump-001'")).containsExactly("pump-001");
        assertThat(where("Properties.Reported.firmwareVersion = '2.0.0'")).containsExactly("pump-002");
        // User property names stay case-sensitive.
        assertThat(where("tags.Site = 'plant-7'")).isEmpty();
        assertThat(where("properties.reported.FirmwareVersion = '2.0.0'")).isEmpty();
    }

    @Test
    void deepPathsBracketsAndArrayIndexes() {
        assertThat(where("properties.reported.iothubDM.firmwareUpdate.status = 'downloading'")).containsExactly("pump-001");
        assertThat(where("properties.reported.iothubDM.firmwareUpdate.progress < 100")).containsExactly("pump-001");
        assertThat(where("tags['my key'] = 'spaced'")).containsExactly("pump-001");
        assertThat(where("tags['location'].building = 'B2'")).containsExactly("pump-002");
        assertThat(where("properties.reported.modes[1] = 'boost'")).containsExactly("pump-001");
        assertThat(where("properties.reported.modes[5] = 'boost'")).isEmpty();
        assertThat(where("properties.desired.$version = 4")).hasSize(5);
        assertThat(where("properties.reported.$metadata.firmwareVersion.$lastUpdatedVersion = 9")).hasSize(4);
    }

    @Test
    void logicalOperatorsAndParentheses() {
        assertThat(where("tags.site = 'plant-7' OR tags.site = 'plant-8'")).hasSize(4);
        assertThat(where("NOT (tags.site = 'plant-7')")).containsExactly("valve-010", "valve-011");
        assertThat(where("(tags.region = 'eu-west' OR tags.region = 'us-east') AND status = 'disabled'"))
                .containsExactly("valve-010");
        assertThat(where("tags.region = 'eu-west' OR tags.region = 'us-east' AND status = 'disabled'"))
                .containsExactly("pump-001", "pump-002", "valve-010");
        assertThat(where("NOT NOT status = 'disabled'")).containsExactly("valve-010");
    }

    @Test
    void inAndNinLists() {
        assertThat(where("deviceId IN ['pump-002', 'valve-010', 'nope']")).containsExactly("pump-002", "valve-010");
        assertThat(where("deviceId NIN ['pump-002', 'valve-010']")).containsExactly("pump-001", "valve-011", "sensor-100");
        assertThat(where("deviceId NOT IN ['pump-002', 'valve-010']")).containsExactly("pump-001", "valve-011", "sensor-100");
        assertThat(where("properties.desired.telemetryInterval IN [30, 60]")).containsExactly("pump-002");
        assertThat(where("properties.desired.telemetryInterval IN [10.0]")).containsExactly("pump-001", "valve-011");
        assertThat(where("properties.reported.online IN [true]")).containsExactly("pump-001");
        assertThat(where("properties.reported.note IN [null]")).containsExactly("valve-010");
        assertThat(where("deviceId IN []")).isEmpty();
        assertThat(where("deviceId NIN []")).hasSize(5);
        // A number never equals a string in a list.
        assertThat(where("properties.reported.firmwareVersion IN ['1']")).isEmpty();
    }

    @Test
    void aLargeInListAsJobsSendIt() {
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            quoted.add("'dev-" + i + "'");
        }
        quoted.add("'sensor-100'");
        QueryCondition condition = QueryCondition.parse("deviceId IN [" + String.join(",", quoted) + "]");
        assertThat(fleet.stream().filter(condition::test).map(twin -> twin.get("deviceId").asText()))
                .containsExactly("sensor-100");
    }

    // ---- undefined semantics ---------------------------------------------------------------------------------

    @Test
    void aMissingPropertyMatchesNoComparisonNotEvenNotEqual() {
        // sensor-100 reports nothing: every comparison with its firmwareVersion is undefined, so it is excluded.
        assertThat(where("properties.reported.firmwareVersion = '2.0.0'")).containsExactly("pump-002");
        assertThat(where("properties.reported.firmwareVersion != '2.0.0'")).containsExactly("pump-001", "valve-010");
        assertThat(where("properties.reported.firmwareVersion <> '9'")).doesNotContain("sensor-100");
        assertThat(where("properties.reported.missing > 0 OR properties.reported.missing <= 0")).isEmpty();
    }

    @Test
    void notOfUndefinedIsUndefined() {
        assertThat(where("NOT (properties.reported.firmwareVersion = '2.0.0')")).containsExactly("pump-001", "valve-010");
    }

    @Test
    void comparisonsAcrossTypesAreUndefined() {
        // valve-011 reports firmwareVersion as the number 1: neither equal nor unequal to a string.
        assertThat(where("properties.reported.firmwareVersion != 'x'")).containsExactly("pump-001", "pump-002", "valve-010");
        assertThat(where("properties.reported.firmwareVersion = 1")).containsExactly("valve-011");
        assertThat(where("properties.reported.temperature = '30'")).isEmpty();
        assertThat(where("properties.reported.online = 'true'")).isEmpty();
        // Objects are not comparable.
        assertThat(where("tags.location = tags.location")).isEmpty();
    }

    @Test
    void nullIsAValueUndefinedIsNot() {
        assertThat(where("properties.reported.note = null")).containsExactly("valve-010");
        assertThat(where("properties.reported.note != null")).isEmpty();
        assertThat(where("properties.reported.firmwareVersion = null")).isEmpty();
        assertThat(where("IS_DEFINED(properties.reported.note)")).containsExactly("valve-010");
        assertThat(where("IS_NULL(properties.reported.note)")).containsExactly("valve-010");
        assertThat(where("properties.reported.note = undefined")).isEmpty();
    }

    @Test
    void threeValuedAndOr() {
        // false AND undefined = false; true OR undefined = true; true AND undefined = undefined.
        assertThat(where("NOT (status = 'disabled' AND properties.reported.nothing = 1)"))
                .containsExactly("pump-001", "pump-002", "valve-011", "sensor-100");
        assertThat(where("status = 'disabled' OR properties.reported.nothing = 1")).containsExactly("valve-010");
        assertThat(where("status = 'enabled' AND properties.reported.nothing = 1")).isEmpty();
        assertThat(where("NOT (status = 'enabled' AND properties.reported.nothing = 1)")).containsExactly("valve-010");
        assertThat(where("NOT (status = 'disabled' OR properties.reported.nothing = 1)")).isEmpty();
    }

    @Test
    void longAndOrChainsWithMissingPathsAndMixedTypes() {
        // a chain is false as soon as one operand is, undefined when none is false but one is undefined
        String missing = "properties.reported.nothing = 1";
        String mixed = "properties.reported.firmwareVersion = 'x'"; // a number for valve-011, missing for sensor-100
        assertThat(where("status = 'enabled' AND tags.site = 'plant-7' AND properties.reported.online = true"))
                .containsExactly("pump-001");
        assertThat(where("NOT (status = 'enabled' AND tags.site = 'plant-8' AND " + missing + ")"))
                .containsExactly("pump-001", "pump-002", "valve-010");
        assertThat(where("NOT (status = 'enabled' AND " + mixed + " AND properties.reported.temperature > 0)"))
                .containsExactly("pump-001", "pump-002", "valve-010");
        assertThat(where("NOT (" + missing + " AND " + mixed + " AND deviceId = 'none')")).hasSize(5);
        // true wins over undefined, all false gives false, false and undefined give undefined
        assertThat(where(missing + " OR " + mixed + " OR deviceId = 'sensor-100'")).containsExactly("sensor-100");
        assertThat(where("NOT (deviceId = 'a' OR deviceId = 'b' OR deviceId = 'c')")).hasSize(5);
        assertThat(where("NOT (deviceId = 'a' OR " + mixed + " OR deviceId = 'c')"))
                .containsExactly("pump-001", "pump-002", "valve-010");
        // chains inside chains keep their grouping
        assertThat(where("(deviceId = 'pump-001' OR deviceId = 'valve-011') AND (tags.site = 'plant-8' OR "
                + missing + ") AND status = 'enabled'")).containsExactly("valve-011");
    }

    @Test
    void oneQueryOverObjectsOfDifferentShapesFindsEachMember() {
        // valve-011 reports temperature before firmwareVersion and sensor-100 reports nothing: the same compiled
        // paths meet the keys at other positions, or not at all, twin after twin
        TwinQuery query = TwinQuery.parse("SELECT deviceId, properties.reported.firmwareVersion AS fw,"
                + " properties.reported.temperature AS t FROM devices");
        for (int round = 0; round < 3; round++) {
            List<JsonNode> rows = query.execute(fleet);
            assertThat(rows).extracting(row -> row.path("fw").toString())
                    .containsExactly("\"1.4.2\"", "\"2.0.0\"", "\"1.4.2\"", "1", "");
            assertThat(rows).extracting(row -> row.path("t").toString())
                    .containsExactly("21.5", "19", "-3.25", "30", "");
        }
    }

    @Test
    void nonBooleanConditionsDoNotMatch() {
        assertThat(where("deviceId")).isEmpty();
        assertThat(where("properties.reported.online")).containsExactly("pump-001");
        assertThat(where("1")).isEmpty();
        assertThat(where("true")).hasSize(5);
    }

    // ---- functions -------------------------------------------------------------------------------------------

    @Test
    void typeCheckingFunctions() {
        assertThat(where("is_defined(properties.reported.iothubDM)")).containsExactly("pump-001", "pump-002");
        assertThat(where("NOT IS_DEFINED(tags.site)")).containsExactly("sensor-100");
        assertThat(where("IS_BOOL(properties.reported.online)")).containsExactly("pump-001", "pump-002");
        assertThat(where("IS_NUMBER(properties.reported.firmwareVersion)")).containsExactly("valve-011");
        assertThat(where("IS_STRING(properties.reported.firmwareVersion)")).containsExactly("pump-001", "pump-002", "valve-010");
        assertThat(where("IS_OBJECT(tags.location)")).containsExactly("pump-001", "pump-002", "valve-011");
        assertThat(where("IS_ARRAY(properties.reported.modes)")).containsExactly("pump-001");
        assertThat(where("IS_PRIMITIVE(properties.reported.note)")).containsExactly("valve-010");
        assertThat(where("IS_PRIMITIVE(tags.location)")).isEmpty();
        assertThat(where("IS_NULL(properties.reported.missing)")).isEmpty();
    }

    @Test
    void stringFunctions() {
        assertThat(where("STARTSWITH(deviceId, 'pump-')")).containsExactly("pump-001", "pump-002");
        assertThat(where("starts_with(deviceId, 'valve')")).containsExactly("valve-010", "valve-011");
        assertThat(where("ENDSWITH(deviceId, '1')")).containsExactly("pump-001", "valve-011");
        assertThat(where("ends_with(tags.site, '-8')")).containsExactly("valve-010", "valve-011");
        assertThat(where("CONTAINS(deviceId, 'mp-0')")).containsExactly("pump-001", "pump-002");
        assertThat(where("LOWER(connectionState) = 'connected'")).containsExactly("pump-001", "valve-011", "sensor-100");
        assertThat(where("UPPER(tags.site) = 'PLANT-8'")).containsExactly("valve-010", "valve-011");
        assertThat(where("LENGTH(deviceId) = 10")).containsExactly("sensor-100");
        assertThat(where("INDEX_OF(deviceId, '-') = 5")).containsExactly("valve-010", "valve-011");
        assertThat(where("CONCAT(tags.site, '/', deviceId) = 'plant-7/pump-002'")).containsExactly("pump-002");
        assertThat(where("SUBSTRING(deviceId, 0, 4) = 'pump'")).containsExactly("pump-001", "pump-002");
        assertThat(where("SUBSTRING(deviceId, 6) = '010'")).containsExactly("valve-010");
        assertThat(where("AS_NUMBER(SUBSTRING(deviceId, 7)) > 50")).containsExactly("sensor-100");
        // A function given a non-string is undefined, whatever the comparison.
        assertThat(where("STARTSWITH(properties.reported.firmwareVersion, '1')")).containsExactly("pump-001", "valve-010");
        assertThat(where("NOT STARTSWITH(properties.reported.temperature, '1')")).isEmpty();
    }

    @Test
    void mathFunctions() {
        assertThat(where("ABS(properties.reported.temperature) = 3.25")).containsExactly("valve-010");
        assertThat(where("CEILING(properties.reported.temperature) = 22")).containsExactly("pump-001");
        assertThat(where("FLOOR(properties.reported.temperature) = -4")).containsExactly("valve-010");
        assertThat(where("ROUND(properties.reported.temperature) = 22")).containsExactly("pump-001");
        assertThat(where("ROUND(properties.reported.temperature) = -3")).containsExactly("valve-010");
        assertThat(where("SIGN(properties.reported.temperature) = -1")).containsExactly("valve-010");
        assertThat(where("SQUARE(properties.desired.telemetryInterval) = 900")).containsExactly("pump-002");
        assertThat(where("SQRT(properties.desired.telemetryInterval * 10) = 10")).containsExactly("pump-001", "valve-011");
        assertThat(where("POWER(2, tags.location.floor) = 4")).containsExactly("pump-001");
        assertThat(where("EXP(0) = 1")).hasSize(5);
    }

    @Test
    void arithmetic() {
        assertThat(where("properties.desired.telemetryInterval * 2 = 60")).containsExactly("pump-002");
        assertThat(where("properties.desired.telemetryInterval + 0.5 = 10.5")).containsExactly("pump-001", "valve-011");
        assertThat(where("properties.desired.telemetryInterval / 4 = 2.5")).containsExactly("pump-001", "valve-011");
        assertThat(where("properties.desired.telemetryInterval % 7 = 2")).containsExactly("pump-002");
        assertThat(where("properties.desired.telemetryInterval - 40 = -10")).containsExactly("pump-002");
        assertThat(where("-properties.reported.temperature > 0")).containsExactly("valve-010");
        assertThat(where("properties.desired.telemetryInterval / 0 = 1")).isEmpty();
        assertThat(where("deviceId + 1 = 1")).isEmpty();
    }

    // ---- projections -----------------------------------------------------------------------------------------

    @Test
    void projectionNamesEachValueAfterItsLastPropertyName() {
        List<JsonNode> rows = TwinQuery.parse("SELECT deviceId, properties.reported.firmwareVersion FROM devices "
                + "WHERE tags.site = 'plant-7'").execute(fleet);
        assertThat(rows).containsExactly(
                json("{`deviceId`:`pump-001`,`firmwareVersion`:`1.4.2`}"),
                json("{`deviceId`:`pump-002`,`firmwareVersion`:`2.0.0`}"));
    }

    @Test
    void projectionOmitsUndefinedKeepsNullAndUsesCanonicalSystemNames() {
        List<JsonNode> rows = TwinQuery.parse("SELECT DeviceId, LastActivityTime, properties.reported.note FROM devices"
                + " WHERE status = 'disabled' OR deviceId = 'sensor-100'").execute(fleet);
        assertThat(rows).containsExactly(
                json("{`deviceId`:`valve-010`,`lastActivityTime`:`2026-01-15T23:59:59.000Z`,`note`:null}"),
                json("{`deviceId`:`sensor-100`,`lastActivityTime`:`2026-03-01T10:20:00.000Z`}"));
    }

    @Test
    void aliasesObjectsExpressionsAndUnnamedValues() {
        List<JsonNode> rows = TwinQuery.parse("SELECT deviceId AS id, tags.location, properties.reported.temperature * 2 AS doubled,"
                + " UPPER(tags.site), properties.reported.modes[0] FROM devices WHERE deviceId = 'pump-001'").execute(fleet);
        assertThat(rows).containsExactly(json("{`id`:`pump-001`,`location`:{`building`:`B1`,`floor`:2},"
                + "`doubled`:43,`$1`:`PLANT-7`,`$2`:`eco`}"));
    }

    @Test
    void topLimitsRowsInInputOrder() {
        assertThat(ids("SELECT TOP 2 * FROM devices WHERE status = 'enabled'")).containsExactly("pump-001", "pump-002");
        assertThat(ids("SELECT TOP 100 * FROM devices")).hasSize(5);
        assertThat(TwinQuery.parse("SELECT TOP 1 deviceId FROM devices WHERE deviceId > 'q'").execute(fleet))
                .containsExactly(json("{`deviceId`:`valve-010`}"));
    }

    @Test
    void unprojectedRowsAreTheMatchingTwinsThemselvesAndRowProjectsEachAsExecuteDoes() {
        for (String text : List.of(
                "SELECT deviceId, properties.reported.firmwareVersion AS fw FROM devices WHERE status = 'enabled'",
                "SELECT TOP 2 deviceId, tags.site FROM devices",
                "SELECT * FROM devices WHERE tags.site = 'plant-7'",
                "SELECT tags.site, COUNT() AS n FROM devices GROUP BY tags.site")) {
            TwinQuery query = TwinQuery.parse(text);
            List<JsonNode> unprojected = query.executeUnprojected(fleet);
            List<JsonNode> rows = new ArrayList<>();
            unprojected.forEach(row -> rows.add(query.row(row)));
            assertThat(rows).as(text).isEqualTo(query.execute(fleet));
            if (!query.isAggregate()) {
                assertThat(unprojected).as(text).allSatisfy(row -> assertThat(fleet).anySatisfy(t -> assertThat(t).isSameAs(row)));
            }
        }
        assertThat(TwinQuery.parse("SELECT TOP 2 deviceId FROM devices").executeUnprojected(fleet))
                .containsExactly(fleet.get(0), fleet.get(1));
    }

    // ---- aggregates ------------------------------------------------------------------------------------------

    @Test
    void countWithoutGroupBy() {
        assertThat(TwinQuery.parse("SELECT COUNT() AS totalNumberOfDevices FROM devices").execute(fleet))
                .containsExactly(json("{`totalNumberOfDevices`:5}"));
        assertThat(TwinQuery.parse("select count() as n from devices where connectionState = 'Connected'").execute(fleet))
                .containsExactly(json("{`n`:3}"));
        assertThat(TwinQuery.parse("SELECT COUNT() AS n FROM devices").execute(List.of()))
                .containsExactly(json("{`n`:0}"));
    }

    @Test
    void groupByCountsRowsPerGroupInOrderOfFirstAppearance() {
        List<JsonNode> rows = TwinQuery.parse("SELECT properties.reported.firmwareVersion AS version, COUNT() AS numberOfDevices"
                + " FROM devices GROUP BY properties.reported.firmwareVersion").execute(fleet);
        // sensor-100 has no firmwareVersion: its group has no "version" key.
        assertThat(rows).containsExactly(
                json("{`version`:`1.4.2`,`numberOfDevices`:2}"),
                json("{`version`:`2.0.0`,`numberOfDevices`:1}"),
                json("{`version`:1,`numberOfDevices`:1}"),
                json("{`numberOfDevices`:1}"));
    }

    @Test
    void groupByWithWhereTopAndSeveralKeys() {
        List<JsonNode> rows = TwinQuery.parse("SELECT tags.site, status, COUNT() AS n FROM devices"
                + " WHERE IS_DEFINED(tags.site) GROUP BY tags.site, status").execute(fleet);
        assertThat(rows).containsExactly(
                json("{`site`:`plant-7`,`status`:`enabled`,`n`:2}"),
                json("{`site`:`plant-8`,`status`:`disabled`,`n`:1}"),
                json("{`site`:`plant-8`,`status`:`enabled`,`n`:1}"));
        assertThat(TwinQuery.parse("SELECT TOP 1 tags.region, COUNT() AS n FROM devices GROUP BY tags.region").execute(fleet))
                .containsExactly(json("{`region`:`eu-west`,`n`:2}"));
        assertThat(TwinQuery.parse("SELECT COUNT() AS n FROM devices WHERE deviceId = 'none' GROUP BY status").execute(fleet))
                .isEmpty();
    }

    @Test
    void groupsTreatEqualNumbersAsOneGroup() {
        List<JsonNode> twins = List.of(json("{`deviceId`:`a`,`tags`:{`floor`:1}}"), json("{`deviceId`:`b`,`tags`:{`floor`:1.0}}"),
                json("{`deviceId`:`c`,`tags`:{`floor`:`1`}}"));
        assertThat(TwinQuery.parse("SELECT tags.floor, COUNT() AS n FROM devices GROUP BY tags.floor").execute(twins))
                .containsExactly(json("{`floor`:1,`n`:2}"), json("{`floor`:`1`,`n`:1}"));
    }

    @Test
    void sumAvgMinMax() {
        List<JsonNode> rows = TwinQuery.parse("SELECT COUNT() AS n, SUM(properties.desired.telemetryInterval) AS total,"
                + " AVG(properties.reported.temperature) AS mean, MIN(properties.reported.temperature) AS coldest,"
                + " MAX(properties.reported.temperature) AS hottest, MAX(deviceId) AS last, MIN(properties.reported.firmwareVersion) AS fw,"
                + " AVG(properties.reported.missing) AS nothing FROM devices").execute(fleet);
        // AVG over 21.5, 19, -3.25, 30; MIN ranks numbers before strings; AVG of no numbers is left out.
        assertThat(rows).containsExactly(json("{`n`:5,`total`:50,`mean`:16.8125,`coldest`:-3.25,`hottest`:30,"
                + "`last`:`valve-011`,`fw`:1}"));
        assertThat(TwinQuery.parse("SELECT tags.site, MAX(properties.reported.temperature) AS hottest FROM devices"
                + " WHERE IS_DEFINED(tags.site) GROUP BY tags.site").execute(fleet))
                .containsExactly(json("{`site`:`plant-7`,`hottest`:21.5}"), json("{`site`:`plant-8`,`hottest`:30}"));
    }

    // ---- devices.jobs and devices.modules ----------------------------------------------------------------------

    private static List<JsonNode> jobRows() {
        return List.of(
                json("{`deviceId`:`pump-001`,`jobId`:`fw-rollout-7`,`jobType`:`scheduleUpdateTwin`,`status`:`completed`,"
                        + "`startTimeUtc`:`2026-03-01T10:00:00Z`,`endTimeUtc`:`2026-03-01T10:02:00Z`,"
                        + "`createdDateTimeUtc`:`2026-03-01T09:59:00Z`,`lastUpdatedDateTimeUtc`:`2026-03-01T10:01:00Z`,`outcome`:{}}"),
                json("{`deviceId`:`pump-002`,`jobId`:`fw-rollout-7`,`jobType`:`scheduleUpdateTwin`,`status`:`failed`,"
                        + "`startTimeUtc`:`2026-03-01T10:00:00Z`,`endTimeUtc`:`2026-03-01T10:02:00Z`,"
                        + "`createdDateTimeUtc`:`2026-03-01T09:59:00Z`,`lastUpdatedDateTimeUtc`:`2026-03-01T10:01:30Z`,`outcome`:{}}"),
                json("{`deviceId`:`pump-001`,`jobId`:`reboot-3`,`jobType`:`scheduleDeviceMethod`,`status`:`completed`,"
                        + "`startTimeUtc`:`2026-03-02T08:00:00Z`,`endTimeUtc`:`2026-03-02T08:00:05Z`,"
                        + "`createdDateTimeUtc`:`2026-03-02T07:59:00Z`,`lastUpdatedDateTimeUtc`:`2026-03-02T08:00:04Z`,"
                        + "`outcome`:{`deviceMethodResponse`:{`status`:200,`payload`:{`ok`:true}}}}"));
    }

    @Test
    void jobRowsAreFilteredOnDevicesJobsFields() {
        List<JsonNode> rows = jobRows();
        TwinQuery perDevice = TwinQuery.parse("SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'pump-001'");
        assertThat(perDevice.source()).isEqualTo(QuerySource.DEVICES_JOBS);
        assertThat(perDevice.execute(rows)).containsExactly(rows.get(0), rows.get(2));
        assertThat(TwinQuery.parse("SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'fw-rollout-7'"
                + " AND devices.jobs.status = 'failed'").execute(rows)).containsExactly(rows.get(1));
        assertThat(TwinQuery.parse("select * from devices.jobs where devices.jobs.jobType = 'scheduleDeviceMethod'"
                + " and devices.jobs.createdDateTimeUtc > '2026-03-02'").execute(rows)).containsExactly(rows.get(2));
        assertThat(TwinQuery.parse("SELECT * FROM devices.jobs WHERE devices.jobs.outcome.deviceMethodResponse.status = 200")
                .execute(rows)).containsExactly(rows.get(2));
        assertThat(TwinQuery.parse("SELECT TOP 1 * FROM devices.jobs").execute(rows)).containsExactly(rows.get(0));
    }

    @Test
    void moduleTwinsAcceptPrefixedAndPlainPaths() {
        List<JsonNode> modules = List.of(
                json("{`deviceId`:`gw-1`,`moduleId`:`scanner`,`properties`:{`reported`:{`status`:`scanning`}}}"),
                json("{`deviceId`:`gw-2`,`moduleId`:`scanner`,`properties`:{`reported`:{`status`:`idle`}}}"));
        assertThat(TwinQuery.parse("SELECT * FROM devices.modules WHERE properties.reported.status = 'scanning'"
                + " AND deviceId IN ['gw-1', 'gw-2']").execute(modules)).containsExactly(modules.get(0));
        assertThat(TwinQuery.parse("SELECT devices.modules.deviceId FROM devices.modules WHERE devices.modules.moduleId = 'scanner'")
                .execute(modules)).containsExactly(json("{`deviceId`:`gw-1`}"), json("{`deviceId`:`gw-2`}"));
    }

    // ---- QueryCondition --------------------------------------------------------------------------------------

    @Test
    void conditionTestsSingleTwinsAsJobsDo() {
        QueryCondition condition = QueryCondition.parse("tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'");
        assertThat(fleet.stream().filter(condition::test).map(twin -> twin.get("deviceId").asText()))
                .containsExactly("pump-001");
        QueryCondition byId = QueryCondition.parse("deviceId IN ['valve-010', 'sensor-100']");
        assertThat(fleet.stream().filter(byId::test).map(twin -> twin.get("deviceId").asText()))
                .containsExactly("valve-010", "sensor-100");
    }

    @Test
    void theQueryConditionOfAParsedQueryMatchesLikeTheQuery() {
        TwinQuery query = TwinQuery.parse("SELECT deviceId FROM devices WHERE connectionState = 'Connected' GROUP BY deviceId, status"
                .replace(" GROUP BY deviceId, status", ""));
        QueryCondition condition = query.condition().orElseThrow();
        assertThat(condition.text()).isEqualTo("connectionState = 'Connected'");
        assertThat(fleet.stream().filter(condition::test).count()).isEqualTo(query.execute(fleet).size());
    }

    @Test
    void documentsThatAreNotObjectsSimplyDoNotMatch() {
        List<JsonNode> odd = List.of(json("[1,2]"), json("`text`"), json("{`deviceId`:`x`,`tags`:[`a`]}"));
        assertThat(TwinQuery.parse("SELECT * FROM devices WHERE tags.site = 'a' OR deviceId = 'x'").execute(odd))
                .containsExactly(odd.get(2));
    }
}
