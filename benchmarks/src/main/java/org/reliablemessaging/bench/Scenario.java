package org.reliablemessaging.bench;

/** One benchmark scenario of the issue; it opens its section on the harness and measures its cases. */
interface Scenario {

    String name();

    void run(Harness harness) throws Exception;
}
