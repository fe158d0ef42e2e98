package org.reliablemessaging.testservices;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestNamesTests {

    @Test
    void uniqueNamesAppendEightLowercaseAlphanumericsWithADash() {
        assertThat(TestNames.unique("orders")).matches("orders-[a-z0-9]{8}");
    }

    @Test
    void identifiersAppendThemWithAnUnderscore() {
        assertThat(TestNames.identifier("rm_t")).matches("rm_t_[a-z0-9]{8}");
    }

    @Test
    void namesDoNotRepeat() {
        assertThat(TestNames.unique("x")).isNotEqualTo(TestNames.unique("x"));
    }
}
