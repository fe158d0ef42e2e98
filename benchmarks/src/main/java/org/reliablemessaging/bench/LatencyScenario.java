package org.reliablemessaging.bench;

final class LatencyScenario implements Scenario {

    @Override
    public String name() {
        return "todo";
    }

    @Override
    public void run(Harness harness) {
        throw new UnsupportedOperationException("not written yet");
    }
}
