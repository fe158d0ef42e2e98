package org.reliablemessaging.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.demo.FaultInjector.ProbeState;

class FaultInjectorTests {

    /**
     * The campaign's first Kafka run waited 5 minutes for a probe order cancelled at its payment deadline (the
     * inventory's consumer got its partitions back after 30 s); a cancelled probe is now placed anew.
     */
    @Test
    void aProbeCancelledAtItsPaymentDeadlineShowsNoRoundTripAndIsPlacedAgain() {
        assertThat(ProbeState.of("CANCELLED")).isEqualTo(ProbeState.EXPIRED);
        assertThat(ProbeState.of("PENDING")).isEqualTo(ProbeState.WAITING);
        assertThat(ProbeState.of("CONFIRMED")).isEqualTo(ProbeState.ROUND_TRIP);
        assertThat(ProbeState.of("REJECTED")).isEqualTo(ProbeState.ROUND_TRIP);
    }
}
