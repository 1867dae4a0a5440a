package dev.twinops.dm.method;

/** Payload of the {@code factoryReset} method: {@code {"operationId": "..."}}, the id being optional. */
public record FactoryResetRequest(String operationId) {

    public FactoryResetRequest {
        OperationIds.validate(operationId);
    }
}
