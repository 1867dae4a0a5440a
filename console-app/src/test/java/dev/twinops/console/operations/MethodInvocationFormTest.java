package dev.twinops.console.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodInvocationFormTest {

    private final MethodInvocationForm form = new MethodInvocationForm();

    @Test
    void thePayloadIsCheckedAsItIsTyped() {
        form.payloadProperty().set("{\"mode\": ");
        assertThat(form.payloadValidProperty().get()).isFalse();
        assertThat(form.payloadMessageProperty().get()).startsWith("Line 1, column ");

        form.payloadProperty().set("{\n  \"mode\": eco\n}");
        assertThat(form.payloadMessageProperty().get()).startsWith("Line 2, column ").contains("'eco'");

        form.payloadProperty().set("{\"mode\": \"eco\"}");
        assertThat(form.payloadValidProperty().get()).isTrue();
        assertThat(form.payloadMessageProperty().get()).isEmpty();

        form.payloadProperty().set("");
        assertThat(form.payloadValidProperty().get()).isTrue(); // no payload is fine
    }

    @Test
    void timeoutsAreIotHubsRangesAndNamedInTheMessage() {
        form.methodNameProperty().set("setMode");
        form.responseTimeoutProperty().set("4");
        form.connectTimeoutProperty().set("ten");
        assertThat(form.toRequest()).isNull();
        assertThat(form.responseTimeoutMessageProperty().get())
                .isEqualTo("The response timeout must be 5-300 s (IoT Hub's range), not 4.");
        assertThat(form.connectTimeoutMessageProperty().get())
                .isEqualTo("The connect timeout is a whole number of seconds, 0-300.");

        form.responseTimeoutProperty().set("300");
        form.connectTimeoutProperty().set("0");
        OperationRequest request = form.toRequest();
        assertThat(request.responseTimeoutSeconds()).isEqualTo(300);
        assertThat(request.connectTimeoutSeconds()).isZero();
        assertThat(MethodInvocationForm.CONNECT_TIMEOUT_HELP).contains("0 means the device must be online now");
    }

    @Test
    void anObjectPayloadCarriesAnOperationIdUnlessItHasOne() {
        form.methodNameProperty().set("setMode");
        form.payloadProperty().set("{\"mode\": \"eco\"}");
        OperationRequest fresh = form.toRequest();
        assertThat(fresh.payloadJson()).isEqualTo("{\"mode\":\"eco\",\"operationId\":\"" + fresh.operationId() + "\"}");

        form.payloadProperty().set("{\"operationId\": \"mine-1\"}");
        assertThat(form.toRequest().operationId()).isEqualTo("mine-1");

        form.payloadProperty().set("42");
        assertThat(form.toRequest().payloadJson()).isEqualTo("42");
        assertThat(form.toRequest().again().payloadJson()).isEqualTo("42");
    }

    @Test
    void aMethodNameMustFitInATopic() {
        form.methodNameProperty().set("set mode/now");
        assertThat(form.toRequest()).isNull();
        assertThat(form.methodMessageProperty().get()).contains("cannot contain spaces or / # + $");
        form.methodNameProperty().set("");
        assertThat(form.toRequest()).isNull();
        assertThat(form.methodMessageProperty().get()).startsWith("Give the method's name");
    }
}
