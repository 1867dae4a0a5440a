package dev.twinops.hub.methods;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodNamesTest {

    @Test
    void namesAsDevicesUseThemPass() {
        for (String name : List.of("reboot", "firmwareUpdate", "factory-reset", "get_status.v2", "a%b*c!d'e&f",
                "x".repeat(MethodNames.MAX_LENGTH))) {
            assertThatCode(() -> MethodNames.check(name)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void topicSeparatorsWildcardsAndIotHubsExcludedCharactersAreRefused() {
        for (String name : List.of("a/b", "a?b", "a#", "+", "a b", "a\tb", "$x", "a=b", "a:b", "a;b", "{a}", "a\"b",
                "é", "", "x".repeat(MethodNames.MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> MethodNames.check(name)).as(name)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo(HubError.ARGUMENT_INVALID));
        }
    }
}
