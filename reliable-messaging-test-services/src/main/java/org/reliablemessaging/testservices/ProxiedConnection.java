package org.reliablemessaging.testservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a {@link TcpProxy} and its connection to the target: each direction read by one
 * virtual thread into a bounded queue and written by another once the {@link LinkConditions} let it, in the
 * order read.
 */
final class ProxiedConnection {

    private static final int CHUNK_BYTES = 16 * 1024;

    /** Chunks read but not yet written, per direction: at most 256 KiB held back while a link is held or slow. */
    private static final int CHUNKS_IN_FLIGHT = 16;

    /** How often a thread waiting for a held link checks whether its connection was closed meanwhile. */
    private static final Duration CLOSED_CHECK = Duration.ofMillis(100);

    /** What a reader hands its writer: bytes read, and when they may be written. */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    /** The reader's last chunk: its side finished sending. */
    private static final Chunk END = new Chunk(new byte[0], 0);

    private final Socket client;

    private final Socket upstream;

    private final LinkConditions link;

    private final Set<Socket> open;

    private final AtomicInteger directionsEnded = new AtomicInteger();

    private ProxiedConnection(Socket client, Socket upstream, LinkConditions link, Set<Socket> open) {
        this.client = client;
        this.upstream = upstream;
        this.link = link;
        this.open = open;
    }

    /**
     * Connects {@code client} to the target once the link lets bytes through (until then the client is
     * connected to nothing, as behind a partition), then forwards both ways; {@code open} holds the sockets
     * while they are open.
     */
    static void start(Socket client, String targetHost, int targetPort, LinkConditions link, Set<Socket> open) {
        Thread.ofVirtual().name("tcp-proxy-connect").start(() -> {
            try {
                while (!link.awaitPassable(CLOSED_CHECK)) {
                    if (client.isClosed()) {
                        return;
                    }
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(upstream);
                ProxiedConnection connection = new ProxiedConnection(client, upstream, link, open);
                connection.forward(client, upstream);
                connection.forward(upstream, client);
            }
            catch (IOException ex) {
                // The target refused: the client sees its connection dropped, as a network failure would show.
                closeQuietly(client, open);
            }
            catch (InterruptedException ex) {
                closeQuietly(client, open);
                Thread.currentThread().interrupt();
            }
        });
    }

    private void forward(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
        Thread.ofVirtual().name("tcp-proxy-read").start(() -> read(from, queue));
        Thread.ofVirtual().name("tcp-proxy-write").start(() -> write(queue, to));
    }

    private void read(Socket from, BlockingQueue<Chunk> queue) {
        try (InputStream in = from.getInputStream()) {
            byte[] buffer = new byte[CHUNK_BYTES];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                queue.put(new Chunk(Arrays.copyOf(buffer, read), link.dueNanos()));
            }
            queue.put(END);
        }
        catch (IOException ex) {
            // The socket was cut or reset: both sides go, as on a real network.
            closeBoth();
        }
        catch (InterruptedException ex) {
            closeBoth();
            Thread.currentThread().interrupt();
        }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                while (!link.awaitPassable(CLOSED_CHECK)) {
                    if (to.isClosed()) {
                        abandon(queue);
                        return;
                    }
                }
                out.write(chunk.bytes());
                out.flush();
            }
            // The sender finished: pass the half-close on, and close both once the other way finished too.
            to.shutdownOutput();
            if (directionsEnded.incrementAndGet() == 2) {
                closeBoth();
            }
        }
        catch (IOException ex) {
            abandon(queue);
        }
        catch (InterruptedException ex) {
            abandon(queue);
            Thread.currentThread().interrupt();
        }
    }

    /** Closes both sockets and makes room for a reader blocked on a full queue, which then sees its socket closed. */
    private void abandon(BlockingQueue<Chunk> queue) {
        closeBoth();
        queue.clear();
    }

    private void closeBoth() {
        closeQuietly(client, open);
        closeQuietly(upstream, open);
    }

    private static void closeQuietly(Socket socket, Set<Socket> open) {
        open.remove(socket);
        try {
            socket.close();
        }
        catch (IOException ex) {
            // Closing is all that was wanted; a socket that fails to close is gone for the proxy anyway.
        }
    }
}
