package dev.twinops.hub.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * How the hub's event loops wait for sockets: Netty's native epoll transport where its library loads (Linux), Java
 * NIO everywhere else. A direct-method call hands work from the HTTP connection's event loop to the device
 * connection's and back; epoll's wake-up of a sleeping loop (an eventfd write, no selector bookkeeping) is the
 * cheaper of the two (measured, with the event loops' CPU per call, in docs/performance.md). The system property {@value #PROPERTY} ({@code nio}, {@code epoll} or {@code auto}, the
 * default) forces one; both serve the same protocols with the same limits.
 */
public enum Transport {
    NIO {
        @Override
        IoHandlerFactory ioHandlers() {
            return NioIoHandler.newFactory();
        }
    },
    EPOLL {
        @Override
        IoHandlerFactory ioHandlers() {
            return EpollIoHandler.newFactory();
        }
    };

    /** System property that forces a transport: {@code nio}, {@code epoll} or {@code auto}. */
    public static final String PROPERTY = "twinops.hub.transport";

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    abstract IoHandlerFactory ioHandlers();

    /**
     * The transport {@value #PROPERTY} asks for; by default epoll when it is available, else NIO.
     *
     * @throws IllegalStateException if epoll is asked for and cannot load, or the value is unknown
     */
    public static Transport configured() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "nio":
                return NIO;
            case "epoll":
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=epoll, but the native epoll transport is not "
                            + "available here: " + Epoll.unavailabilityCause());
                }
                return EPOLL;
            case "auto":
            case "":
                if (Epoll.isAvailable()) {
                    return EPOLL;
                }
                LOG.debug("Native epoll transport not available, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
                return NIO;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted + " is not a transport; use nio, epoll or auto");
        }
    }

    /** An event-loop group of this transport; {@code threads} 0 means Netty's default (twice the cores). */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlers());
    }

    /**
     * The listening-socket class that fits {@code group}'s event loops, so an endpoint follows whatever group it is
     * given (the hub's, or a test's NIO group).
     */
    public static Class<? extends ServerSocketChannel> serverChannelFor(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }

    /** The transport {@code group}'s event loops use. */
    public static Transport of(EventLoopGroup group) {
        return serverChannelFor(group) == EpollServerSocketChannel.class ? EPOLL : NIO;
    }
}
