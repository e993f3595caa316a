package org.amhub.console.rest;

import io.quarkus.qute.TemplateExtension;
import org.amhub.console.service.NetworkGraph;
import org.amhub.console.service.Stages;

import java.util.List;
import java.util.Locale;

/** Small formatting functions the templates call as {@code str:...}. */
@TemplateExtension(namespace = "str")
public class TemplateHelpers {

    static String stage(String stage) {
        return Stages.label(stage);
    }

    static List<String> nextStages(String stage) {
        return Stages.next(stage);
    }

    static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    static String words(String value) {
        return value == null ? "" : value.replace('-', ' ');
    }

    static long percent(double share) {
        return Math.round(share * 100);
    }

    static String number(Double value) {
        return value == null ? "" : value == Math.rint(value) ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    /** An instant as people read it (UTC: coordinators sit in many time zones). */
    static String when(java.time.Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static int size() {
        return NetworkGraph.SIZE;
    }

    /** A node grows with the hub's number of suggestions, within bounds so that labels stay readable. */
    static double radius(int suggestions) {
        return Math.min(18, 7 + 1.2 * suggestions);
    }

    static boolean multiline(String field) {
        return org.amhub.console.service.ProfileForm.isList(field);
    }

    static int rows(String text) {
        return Math.max(2, Math.min(14, text == null ? 2 : (int) text.lines().count() + 1));
    }
}
