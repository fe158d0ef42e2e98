package org.reliablemessaging.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** Runs cases: warm-ups first, then the measured runs, each with its own heap peak. */
final class Harness {

    /** One run of a case; {@code warmup} is true for the unreported ones. */
    @FunctionalInterface
    interface Run {
        RunResult run(boolean warmup) throws Exception;
    }

    final Options options;

    final HeapSampler heap = new HeapSampler();

    final List<Section> sections = new ArrayList<>();

    private @Nullable Section current;

    Harness(Options options) {
        this.options = options;
    }

    Section section(String id, String title, String parameters) {
        if (current != null) {
            current.loadAtEnd = Machine.loadAverage();
        }
        current = new Section(id, title, parameters);
        current.loadAtStart = Machine.loadAverage();
        sections.add(current);
        System.out.printf("%n=== %s: %s%n    %s%n", id, title, parameters);
        return current;
    }

    /** Closes the last section's load reading. */
    void finish() {
        if (current != null && current.loadAtEnd == null) {
            current.loadAtEnd = Machine.loadAverage();
        }
    }

    CaseResult measure(String name, String parameters, Run run) throws Exception {
        return measure(name, parameters, options.warmups, options.runs, run);
    }

    /** Measures a case with its own counts (e.g. a single run for something that takes minutes). */
    CaseResult measure(String name, String parameters, int warmups, int runs, Run run) throws Exception {
        for (int i = 0; i < warmups; i++) {
            System.out.printf("  %-34s warm-up %d/%d%n", name, i + 1, warmups);
            run.run(true);
        }
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            System.gc();
            heap.reset();
            RunResult result = run.run(false);
            RunResult withHeap = new RunResult(result.messages(), result.seconds(), result.latency(),
                    Math.max(result.peakHeapBytes(), heap.peak()), result.extra());
            results.add(withHeap);
            System.out.printf("  %-34s run %d/%d: %s%n", name, i + 1, runs, Report.brief(withHeap));
        }
        CaseResult result = new CaseResult(name, parameters, results);
        Objects.requireNonNull(current, "a case is measured in a section").cases.add(result);
        return result;
    }
}
