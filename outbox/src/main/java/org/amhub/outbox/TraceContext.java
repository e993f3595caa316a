package org.amhub.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The W3C {@code traceparent} that ties an outbox row to the trace that wrote it. Only the traceparent is kept (no
 * baggage, no tracestate): it is all a consumer needs to continue the trace.
 */
public final class TraceContext {

    /** Name of the W3C trace context header, on HTTP and on Kafka records alike. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = Map::put;
    private static final TextMapGetter<String> TRACEPARENT_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The current span's traceparent, or null when no valid span is current (a timer, a test without tracing). */
    public static String currentTraceparent() {
        return traceparent(Context.current());
    }

    static String traceparent(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, MAP_SETTER);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored traceparent describes, as a remote parent; {@link Context#root()} for null or garbage. */
    static Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT_GETTER);
    }

    /** Replaces the record's traceparent header with the given one. */
    static void setHeader(Headers headers, String traceparent) {
        headers.remove(TRACEPARENT);
        headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }

    /** The traceparent header of a Kafka record, or null. */
    public static String header(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
