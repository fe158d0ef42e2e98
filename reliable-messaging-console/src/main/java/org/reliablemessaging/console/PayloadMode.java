package org.reliablemessaging.console;

/** How much of a topic's payloads the operations API shows. */
public enum PayloadMode {

    /** Everything: pretty JSON, or hex. */
    FULL,

    /** The JSON structure and keys, every value replaced; nothing of a payload that is not JSON. */
    MASKED,

    /** Nothing but the size. */
    HIDDEN
}
