package org.reliablemessaging.bench;

final class RelayScenario implements Scenario {

    @Override
    public String name() {
        return "todo";
    }

    @Override
    public void run(Harness harness) {
        throw new UnsupportedOperationException("not written yet");
    }
}
