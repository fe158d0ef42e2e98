package org.reliablemessaging.bench;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** One scenario's results: its cases, the ratios between them, its targets and notes. */
final class Section {

    /** A quality bar of DESIGN §9 (or the issue), with what was measured. */
    record Target(String goal, String measured, String verdict) {

        static Target check(String goal, String measured, boolean met) {
            return new Target(goal, measured, met ? "met" : "MISSED");
        }
    }

    /** One case's metric divided by another's. */
    record Ratio(String label, double value) {
    }

    final String id;

    final String title;

    final String parameters;

    final List<CaseResult> cases = new ArrayList<>();

    final List<Ratio> ratios = new ArrayList<>();

    final List<Target> targets = new ArrayList<>();

    final List<String> notes = new ArrayList<>();

    @Nullable String loadAtStart;

    @Nullable String loadAtEnd;

    Section(String id, String title, String parameters) {
        this.id = id;
        this.title = title;
        this.parameters = parameters;
    }

    @Nullable CaseResult find(String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** Adds "a / b" of throughput, when both were measured. */
    @Nullable Double throughputRatio(String label, String numerator, String denominator) {
        CaseResult a = find(numerator);
        CaseResult b = find(denominator);
        if (a == null || b == null || b.throughput() <= 0) {
            return null;
        }
        double value = a.throughput() / b.throughput();
        ratios.add(new Ratio(label, value));
        return value;
    }

    void note(String text) {
        notes.add(text);
    }
}
