package dev.facet.kafka;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Chooses free ports on 127.0.0.1 and checks that a port is free. */
final class FreePorts {

    /**
     * Below Linux's ephemeral range (32768-60999). A port the OS handed out (new ServerSocket(0)) is one it
     * also gives to outgoing connections: while a fault test stops the broker for 30 s, a client's
     * reconnect could take the broker's port as its own local port and keep the broker from coming back.
     */
    static final int FIRST = 20_000;
    static final int LAST = 32_000;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** @return the options with each port given as 0 replaced by a free port */
    static BrokerOptions resolve(BrokerOptions options) {
        BrokerOptions resolved = options;
        if (resolved.port() == 0) {
            resolved = resolved.withPort(pick(resolved.controllerPort()));
        }
        if (resolved.controllerPort() == 0) {
            resolved = resolved.withControllerPort(pick(resolved.port()));
        }
        return resolved;
    }

    /**
     * @throws IllegalStateException naming the port and its role if something listens on it
     */
    static void requireFree(int port, String role) {
        if (!isFree(port)) {
            throw new IllegalStateException("cannot start the Kafka broker: its " + role + " " + port + " on "
                    + KafkaBroker.HOST + " is already in use (another broker still running, or another "
                    + "service?); stop what holds it or choose another port");
        }
    }

    private static int pick(int taken) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (port != taken && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free port on " + KafkaBroker.HOST + " between " + FIRST
                + " and " + LAST + " in " + ATTEMPTS + " attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the broker binds: reuse-address, so a port in TIME_WAIT after a stop counts as free
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (BindException inUse) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot check port " + port + " on " + KafkaBroker.HOST, e);
        }
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByName(KafkaBroker.HOST);
    }
}
