package dev.twinops.simulator.fleet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The local hub's own record of the service requests it answered ({@code "POST /devices -> 200 in 12 ms"}, logged
 * at DEBUG by its request handler), captured in memory while open and kept off the console.
 */
public final class HubRequestLog implements AutoCloseable {

    private static final String HANDLER = "dev.twinops.hub.http.ServiceRequestHandler";
    private static final Pattern BULK = Pattern.compile("POST /devices/? -> .*");
    private static final Pattern SINGLE_ADD = Pattern.compile("PUT /devices/[^/]+ -> .*");

    private final Logger logger = (Logger) LoggerFactory.getLogger(HANDLER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level level = logger.getLevel();
    private final boolean additive = logger.isAdditive();

    public HubRequestLog() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    /** Bulk registry operations answered so far. */
    public long bulkRequests() {
        return count(BULK.asMatchPredicate());
    }

    /** Single device adds ({@code PUT /devices/{id}}) answered so far. */
    public long singleAdds() {
        return count(SINGLE_ADD.asMatchPredicate());
    }

    /** Every request answered so far. */
    public long requests() {
        return count(line -> true);
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    private long count(Predicate<String> line) {
        List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase appends while holding the appender
            events = List.copyOf(appender.list);
        }
        return events.stream().map(ILoggingEvent::getFormattedMessage).filter(line).count();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(additive);
        appender.stop();
    }
}
