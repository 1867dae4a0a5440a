package dev.twinops.rollout.rehearsal;

import dev.twinops.rollout.hub.HubCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A source of devices in memory, paged like a hub; counts queries and records each query's time. */
final class FakeSource implements SourceFleet {

    final List<ShapeDevice> devices;
    final int pageSize;
    final List<java.time.Instant> queryTimes = new ArrayList<>();
    private final java.time.Clock clock;
    private final Predicate<ShapeDevice> matches;
    long queries;

    FakeSource(List<ShapeDevice> devices, int pageSize, java.time.Clock clock, Predicate<ShapeDevice> matches) {
        this.devices = devices;
        this.pageSize = pageSize;
        this.clock = clock;
        this.matches = matches;
    }

    @Override
    public String hostName() {
        return "source.example";
    }

    @Override
    public long queriesUsed() {
        return queries;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public long count(String condition) {
        queries++;
        queryTimes.add(clock.instant());
        return devices.stream().filter(matches).count();
    }

    @Override
    public List<ShapeDevice> read(String condition, QueryPacer pacer) throws HubCallException, InterruptedException {
        List<ShapeDevice> rows = devices.stream().filter(matches).toList();
        List<ShapeDevice> out = new ArrayList<>();
        for (int from = 0; from == 0 || from < rows.size(); from += pageSize) {
            pacer.awaitRoom();
            queries++;
            queryTimes.add(clock.instant());
            out.addAll(rows.subList(from, Math.min(rows.size(), from + pageSize)));
        }
        return out;
    }
}
