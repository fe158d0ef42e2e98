package org.reliablemessaging;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the logical type of a payload class, sent in the {@code rm-type} header instead of a Java
 * class name, so producers and consumers can rename and move classes independently.
 * Without it, the simple class name is used.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {

    /** The logical type name, for example {@code "order-placed"}. */
    String value();
}
