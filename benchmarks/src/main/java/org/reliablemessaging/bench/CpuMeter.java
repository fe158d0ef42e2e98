package org.reliablemessaging.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM (the benchmark, its applications and the embedded Kafka broker) and by the
 * PostgreSQL server (its postmaster and every child: backends, WAL writer, checkpointer), from /proc: on a
 * shared machine it holds up better than throughput.
 */
final class CpuMeter {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private final long postmaster;

    private final double jvmStart;

    private final double postgresStart;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
        this.jvmStart = jvmSeconds();
        this.postgresStart = postgresSeconds(postmaster);
    }

    /** Starts counting, finding the PostgreSQL server through a connection to it. */
    static CpuMeter start(Postgres database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return new CpuMeter(parentOf(rs.getLong(1)));
        }
    }

    /** Adds the CPU time per message of the result since the start to it, in microseconds, as two extras. */
    RunResult addTo(RunResult result) {
        return addTo(result, result.messages());
    }

    /** Adds the CPU time since the start per one of {@code messages} to {@code result}, as two extras. */
    RunResult addTo(RunResult result, long messages) {
        double jvm = jvmSeconds() - jvmStart;
        double postgres = postgresSeconds(postmaster) - postgresStart;
        messages = Math.max(1, messages);
        return result.with("JVM CPU µs/msg", jvm * 1e6 / messages)
            .with("PostgreSQL CPU µs/msg", postgres * 1e6 / messages);
    }

    private static double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime() / 1e9;
    }

    /** The postmaster's CPU time and that of its children, living or reaped since (cutime, cstime). */
    private static double postgresSeconds(long postmaster) {
        double ticks = ticks(postmaster, true);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            ticks += processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
                .filter(pid -> pid != postmaster && parentOf(pid) == postmaster)
                .mapToDouble(pid -> ticks(pid, false))
                .sum();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not list /proc to find PostgreSQL's processes", ex);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime (and, with {@code reaped}, the children's that exited), in clock ticks; 0 if it is gone. */
    private static double ticks(long pid, boolean reaped) {
        String[] fields = stat(pid);
        if (fields.length == 0) {
            return 0;
        }
        double own = Double.parseDouble(fields[13]) + Double.parseDouble(fields[14]);
        return reaped ? own + Double.parseDouble(fields[15]) + Double.parseDouble(fields[16]) : own;
    }

    private static long parentOf(long pid) {
        String[] fields = stat(pid);
        return fields.length == 0 ? -1 : Long.parseLong(fields[3]);
    }

    /** /proc/PID/stat split into fields, the command name (which may hold spaces) as one; empty if it is gone. */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            String[] rest = stat.substring(end + 2).split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = stat.substring(stat.indexOf('(') + 1, end);
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields;
        }
        catch (IOException ex) {
            return new String[0];
        }
    }
}
