package org.reliablemessaging.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The table prefix is spliced into SQL: anything but a plain identifier is refused before any SQL exists. */
class OutboxTablesTests {

    @ParameterizedTest
    @ValueSource(strings = {"rm_; DROP TABLE x; --", "rm'", "rm\"", "rm`", "rm-", "rm.", "../rm_", "rm_\u0000",
            "rmé_", "RM_", "1rm_", "_rm", "", " ", "rm _", "rm_/*", "a_very_long_prefix_beyond_thirty_c"})
    void hostilePrefixesAreRefusedWithAClearMessage(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutboxTables(prefix))
            .withMessageContaining("Invalid outbox table prefix")
            .withMessageContaining("lower-case letters, digits or underscores");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm_", "billing_rm_", "a", "x1_"})
    void plainIdentifiersAreAccepted(String prefix) {
        assertThat(new OutboxTables(prefix).outbox()).isEqualTo(prefix + "outbox");
    }
}
