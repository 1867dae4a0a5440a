package dev.twinops.console.operations;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.jobs.DirectMethodsJobOptions;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJob;
import com.microsoft.azure.sdk.iot.service.jobs.ScheduledJobsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;

import dev.twinops.console.connection.HubErrors;

/**
 * Operations through the service SDK: {@link DirectMethodsClient#invoke} for one device, a
 * {@link ScheduledJobsClient#scheduleDirectMethod} job for many. The methods client must have been built with an
 * HTTP read timeout above the longest method call (the 2.1.9 SDK uses it as the call's socket timeout).
 */
public final class SdkManagementService implements ManagementService {

    private static final Logger LOG = LoggerFactory.getLogger(SdkManagementService.class);

    private final DirectMethodsClient methods;
    private final ScheduledJobsClient jobs;
    private final QueryClient queries;
    private final ObjectMapper mapper = new ObjectMapper();

    public SdkManagementService(DirectMethodsClient methods, ScheduledJobsClient jobs, QueryClient queries) {
        this.methods = methods;
        this.jobs = jobs;
        this.queries = queries;
    }

    @Override
    public MethodOutcome invoke(String deviceId, OperationRequest request) {
        DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
                .payload(request.payloadForSdk())
                .methodResponseTimeoutSeconds(request.responseTimeoutSeconds())
                .methodConnectTimeoutSeconds(request.connectTimeoutSeconds())
                .build();
        try {
            DirectMethodResponse response = methods.invoke(deviceId, request.methodName(), options);
            LOG.info("{} on {}: status {}", request.methodName(), deviceId, response.getStatus());
            return new MethodOutcome.Answered(deviceId, response.getStatus() == null ? 0 : response.getStatus(),
                    response.getPayloadAsJsonString());
        } catch (IotHubException e) {
            LOG.info("{} on {}: hub error {}", request.methodName(), deviceId, e.getErrorCode());
            return new MethodOutcome.HubError(deviceId, e.getErrorCode(), HubErrors.hubMessage(e),
                    request.responseTimeoutSeconds(), request.connectTimeoutSeconds());
        } catch (IOException e) {
            LOG.warn("{} on {} failed: {}", request.methodName(), deviceId, e.toString());
            return new MethodOutcome.CallFailed(deviceId, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public String scheduleJob(String jobId, String condition, OperationRequest request, Duration maxExecution)
            throws Exception {
        DirectMethodsJobOptions options = DirectMethodsJobOptions.builder()
                .payload(request.payloadForSdk())
                .methodResponseTimeoutSeconds(request.responseTimeoutSeconds())
                .methodConnectTimeoutSeconds(request.connectTimeoutSeconds())
                .maxExecutionTimeSeconds((int) Math.min(Integer.MAX_VALUE, maxExecution.toSeconds()))
                .build();
        ScheduledJob job = jobs.scheduleDirectMethod(jobId, condition, request.methodName(), new Date(), options);
        LOG.info("Scheduled job {} ({} where {}): {}", jobId, request.methodName(), condition, job.getJobStatus());
        return job.getJobStatus() == null ? "scheduled" : job.getJobStatus().name();
    }

    @Override
    public Optional<String> jobStatus(String jobId) throws Exception {
        try {
            ScheduledJob job = jobs.get(jobId);
            return Optional.of(job.getJobStatus() == null ? "unknown" : job.getJobStatus().name());
        } catch (IotHubNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> deviceIds(String condition) throws Exception {
        String where = condition == null || condition.isBlank() ? "" : " WHERE " + condition;
        QueryPageOptions options = QueryPageOptions.builder().pageSize(1000).build();
        RawQueryResponse response = queries.queryRaw("SELECT deviceId FROM devices" + where, options);
        List<String> ids = new ArrayList<>();
        while (response.hasNext()) {
            JsonNode row = mapper.readTree(response.next(options));
            if (row.hasNonNull("deviceId")) {
                ids.add(row.path("deviceId").asText());
            }
        }
        return ids;
    }
}
