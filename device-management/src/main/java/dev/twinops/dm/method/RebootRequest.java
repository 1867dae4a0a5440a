package dev.twinops.dm.method;

/** Payload of the {@code reboot} method: {@code {"operationId": "..."}}, the id being optional. */
public record RebootRequest(String operationId) {

    public RebootRequest {
        OperationIds.validate(operationId);
    }
}
