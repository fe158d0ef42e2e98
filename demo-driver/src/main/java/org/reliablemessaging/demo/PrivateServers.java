package org.reliablemessaging.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;

/**
 * The private servers of one fault-injection invocation ({@link PrivateInstance}, under its data directory):
 * each started on first use, kept for every run (which recreate their databases and virtual host), and all
 * stopped at the end.
 */
final class PrivateServers implements AutoCloseable {

    private final Path dir;

    private final Map<Kind, PrivateInstance> started = new EnumMap<>(Kind.class);

    PrivateServers(Path dir) {
        this.dir = dir;
    }

    PrivateInstance postgres() {
        return get(Kind.POSTGRES);
    }

    PrivateInstance redis() {
        return get(Kind.REDIS);
    }

    PrivateInstance rabbit() {
        return get(Kind.RABBIT);
    }

    private synchronized PrivateInstance get(Kind kind) {
        return started.computeIfAbsent(kind, this::start);
    }

    private PrivateInstance start(Kind kind) {
        long start = System.nanoTime();
        try {
            PrivateInstance instance = PrivateInstance.start(kind, dir.resolve(kind.name().toLowerCase()));
            Console.detail("%s up in %s", instance, Console.seconds(System.nanoTime() - start));
            return instance;
        }
        catch (IllegalStateException ex) {
            throw new DemoFailed(Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
        }
    }

    /** Stops every server started, the last first. */
    @Override
    public synchronized void close() {
        List<PrivateInstance> instances = new ArrayList<>(started.values());
        started.clear();
        for (PrivateInstance instance : instances.reversed()) {
            try {
                instance.stop();
            }
            catch (RuntimeException ex) {
                System.out.println("  could not stop the " + instance + ": " + ex.getMessage());
            }
        }
    }
}
