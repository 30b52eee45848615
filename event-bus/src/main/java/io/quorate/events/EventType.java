package io.quorate.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event record's type on the wire (dotted family, e.g. {@code membership.view_agreed}) and
 * the version of its schema. Bump the version whenever a field changes meaning or is removed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String value();

    int version() default 1;
}
