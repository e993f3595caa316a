package org.amhub.console.service;

import java.util.List;
import java.util.Locale;

/** The stages a partnership goes through, in order, and how people read them. */
public final class Stages {

    public static final List<String> ORDER = List.of("INTRODUCED", "IN_DISCUSSION", "AGREEMENT_SIGNED", "PROJECT_RUNNING",
            "CLOSED", "ABANDONED");

    private Stages() {
    }

    public static String label(String stage) {
        if (stage == null || stage.isEmpty()) {
            return "";
        }
        String words = stage.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The stages a partnership may move to from {@code stage}: any later one, or abandoned while open. */
    public static List<String> next(String stage) {
        int at = ORDER.indexOf(stage);
        if (at < 0 || stage.equals("CLOSED") || stage.equals("ABANDONED")) {
            return List.of();
        }
        return ORDER.subList(at + 1, ORDER.size());
    }
}
