package org.amhub.restsupport;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public read whose answer gets an ETag (a digest of the JSON sent) and {@code Cache-Control}, and a 304 when
 * the client's {@code If-None-Match} holds that tag ({@link ConditionalGetFilter}). With {@link #perCaller()} the
 * answer differs by caller (fields shown only to some), so it is {@code private} and varies on {@code Authorization}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ConditionalGet {

    /** Whether the answer depends on who asks: {@code Cache-Control: private}, {@code Vary: Authorization}. */
    boolean perCaller() default false;
}
