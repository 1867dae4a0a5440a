package dev.twinops.rollout.rehearsal;

import dev.twinops.rollout.hub.HubCallException;
import java.util.List;

/**
 * The hub a fleet's shape is copied from. Read only by construction: twin queries and nothing else (no registry,
 * twin or job call exists here), so a copy cannot write to it.
 */
public interface SourceFleet {

    /** The source's host name, recorded in the shape. */
    String hostName();

    /** Twin queries sent so far (each page is one). */
    long queriesUsed();

    /** {@code SELECT COUNT() AS n FROM devices WHERE condition}: one query. */
    long count(String condition) throws HubCallException;

    /** How many rows one query page carries, for the estimate. */
    int pageSize();

    /**
     * Every matching device's id, tags, reported firmware version and device info, one page at a time; the pacer is
     * asked before each page is requested.
     */
    List<ShapeDevice> read(String condition, QueryPacer pacer) throws HubCallException, InterruptedException;
}
