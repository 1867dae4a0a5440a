package dev.twinops.hub.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A method job and a twin-update job over 1,000 connected devices complete, every device succeeding. */
class JobScaleTest {
    private static final Logger LOG = LoggerFactory.getLogger(JobScaleTest.class);

    @TempDir
    Path dataDir;

    @Test
    void jobsOverAThousandConnectedDevicesComplete() throws Exception {
        JobBenchmark.Result result = JobBenchmark.run(dataDir, 1000, 1);

        JobBenchmark.Round round = result.rounds().get(0);
        assertThat(round.methodSucceeded()).isEqualTo(1000);
        assertThat(round.twinSucceeded()).isEqualTo(1000);
        LOG.info("1,000 devices: connected in {} ms; method job {} ms, twin-update job {} ms (timing is for "
                        + "information; measure with JobBenchmark)", result.connect().toMillis(),
                round.methodJob().toMillis(), round.twinJob().toMillis());
    }
}
