package org.reliablemessaging.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that sets its object's fields before any other method uses them, as a constructor would;
 * NullAway checks that it sets every non-null one (it knows the annotation by its simple name).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@interface Initializer {
}
