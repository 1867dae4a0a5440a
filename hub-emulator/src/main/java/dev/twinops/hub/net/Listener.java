package dev.twinops.hub.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One listening socket of the hub (the HTTPS service endpoint, the MQTT device endpoint) with the connections it
 * accepted: binds with an error that names the endpoint and the address, and closes both the socket and its
 * connections.
 */
public final class Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final String name;
    private final String purpose;
    private final ChannelGroup connections;
    private volatile Channel server;

    /**
     * @param name    e.g. "HTTPS service endpoint"
     * @param purpose what it listens for, e.g. "HTTPS service calls"
     */
    public Listener(String name, String purpose) {
        this.name = name;
        this.purpose = purpose;
        this.connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
    }

    /** The accepted connections; a channel initializer adds each one. */
    public ChannelGroup connections() {
        return connections;
    }

    /**
     * Binds {@code bootstrap} to {@code address} and waits until it listens.
     *
     * @throws IllegalStateException naming the address and the cause (e.g. the port is taken), or if already bound
     */
    public void bind(ServerBootstrap bootstrap, InetSocketAddress address) {
        if (server != null) {
            throw new IllegalStateException("The " + name + " is already listening on " + server.localAddress());
        }
        ChannelFuture bind = bootstrap.bind(address).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            throw new IllegalStateException("Cannot listen for " + purpose + " on " + address.getAddress().getHostAddress()
                    + ":" + address.getPort() + ": " + (cause == null ? "unknown error" : cause.getMessage()), cause);
        }
        server = bind.channel();
        LOG.info("{} listening on {}", Character.toUpperCase(name.charAt(0)) + name.substring(1), server.localAddress());
    }

    /** The bound address, or null before {@link #bind}. */
    public InetSocketAddress localAddress() {
        Channel ch = server;
        return ch == null ? null : (InetSocketAddress) ch.localAddress();
    }

    /** Stops listening and closes every accepted connection. */
    public void close() {
        Channel ch = server;
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.debug("{} closed", name);
    }
}
