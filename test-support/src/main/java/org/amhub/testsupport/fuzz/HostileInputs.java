package org.amhub.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile values for query parameters, path segments, headers and JSON bodies, from a fixed seed so every run sends
 * the same requests: NUL and control characters, very long strings, tricky Unicode (right-to-left overrides, emoji,
 * combining marks, lone surrogates), SQL/HTML/JSON fragments, path traversal, negative/huge/NaN numbers, invalid
 * UUIDs, malformed JSON, wrong types, deep nesting and huge arrays.
 */
public final class HostileInputs {

    static final List<String> FIXED = List.of(
            "", " ", "\u0000", "a\u0000b", "%00", "\u0000\u0000\u0000", "\u0001\u0002\u0003\u001F\u007F", "\t\n\r",
            "line\nbreak", "\r\nInjected-Header: yes", "\u001B[31mred", "\b\f\u000B",
            "'", "\"", "\\", "`", "' OR '1'='1", "'; DROP TABLE hub; --", "1; SELECT pg_sleep(10)", "%' OR 1=1 --",
            "$1", "?", "%", "%%", "_", "\\x00", "E'\\\\000'",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}", "#{7*7}", "<!--",
            "{\"a\":", "{}", "[]", "null", "true", "{\"$ne\":null}", "]}", "\"}", "\\u0000",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "..", ".", "/", "//", "./", "%2e%2e%2f", "..;/",
            "-1", "0", "-0", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "9223372036854775808",
            "-9223372036854775809", "2147483648", "0x7fffffff", "1.0e-400", "00000000001", "+1", "1_000", "٣",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid",
            "123e4567-e89b-12d3-a456-42661417400Z", "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
            "\u202Eevil\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD", "مرحبا", "😀", "👩‍👩‍👧‍👦", "e\u0301\u0301\u0301\u0301\u0301",
            "\u200B", "\uFEFF", "\uFFFD", "\uFFFF", "\uD800", "\uDC00x", "İı", "ß", "ﬁ", "Ａｄｍｉｎ", "中文", "\u00A0",
            "admin", "ADMIN", "hub:ulsan", "true ", " 1", "1 ", "on", "yes");

    private final Random random;

    public HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** A hostile string: a fixed nasty value, a long or random one, or a valid-looking one with a nasty part. */
    public String string() {
        return switch (random.nextInt(10)) {
            case 0 -> longString();
            case 1 -> randomChars(1 + random.nextInt(40));
            case 2 -> pick(FIXED) + pick(FIXED);
            case 3 -> "valid" + pick(FIXED) + "text";
            case 4 -> "plain" + pick(List.of("\u0000", "\u0001", "\u001F", "\u007F", "\u0085", "\u2028")) + "text";
            default -> pick(FIXED);
        };
    }

    /** A hostile string short enough for a URL (the long one stays under typical request-line limits). */
    public String urlString() {
        return chance(0.05) ? "x".repeat(1000 + random.nextInt(1000)) : stringUpTo(400);
    }

    private String stringUpTo(int max) {
        String value = string();
        return value.length() <= max ? value : value.substring(0, max);
    }

    /** Numeric text a number-typed parameter should refuse or clamp. */
    public String number() {
        return pick(List.of("-1", "0", "1", "-2147483648", "2147483647", "2147483648", "99999999999999999999",
                "1e309", "NaN", "-NaN", "Infinity", "-Infinity", "0.5", "1.0000000000000002", "-0.0", "1e-400",
                "0x10", "1,5", "٣", " 5 ", "5abc", "", "+0", "1/0", "\u0000", "5\u0000"));
    }

    public String queryValue() {
        return chance(0.3) ? number() : urlString();
    }

    String longString() {
        int length = pick(List.of(256, 1001, 4097, 65_537, 300_000));
        String unit = pick(List.of("a", "é", "😀", "\u0000", "' OR 1=1 ", "<b>"));
        StringBuilder text = new StringBuilder(length + unit.length());
        while (text.length() < length) {
            text.append(unit);
        }
        return text.toString();
    }

    String randomChars(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            text.append((char) switch (kind) {
                case 0 -> random.nextInt(0x20);              // C0 controls
                case 1 -> 0x20 + random.nextInt(0x5F);       // printable ASCII
                case 2 -> 0x80 + random.nextInt(0x780);      // Latin, Greek, Cyrillic, Hebrew, Arabic...
                default -> random.nextInt(0x10000);          // anything in the BMP, surrogates included
            });
        }
        return text.toString();
    }

    /** A hostile JSON value of any type. */
    public Object value() {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> pick(List.of(-1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, 1e308, 1.5));
            case 3 -> new RawJson(pick(List.of("1e400", "-1e400", "123456789012345678901234567890", "NaN", "Infinity",
                    "0.0000000000000000000000000000001", "1E+2", "-0")));
            case 4 -> List.of(string(), string());
            case 5 -> Map.of("nested", string());
            case 6 -> hugeArray();
            case 7 -> deepNesting(50 + random.nextInt(2000));
            default -> string();
        };
    }

    public List<Object> hugeArray() {
        int size = pick(List.of(1000, 10_000, 100_000));
        Object element = pick(List.of("x", 1, "\u0000", "additive manufacturing"));
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element);
        }
        return list;
    }

    public RawJson deepNesting(int depth) {
        boolean arrays = random.nextBoolean();
        return new RawJson((arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth));
    }

    /**
     * A hostile body for an endpoint that accepts {@code template} (a valid body): the template with fields replaced by
     * hostile values, removed or added; or malformed JSON, another top-level type, deep nesting or a huge array.
     */
    public String body(Map<String, Object> template) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return pick(List.of("", "{", "}", "{\"a\"", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "nul", "[1,2",
                    "{\"a\":\"\\u00\"}", "{\"a\":\"\\ud800\"}", "\u0000", "{\"a\":1}{\"b\":2}", "<xml/>", "undefined",
                    "{\"a\":\"unterminated}", "\uFEFF{}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}"));
        }
        if (kind == 1) {
            return Json.write(pick(List.of(List.of(), "text", 42, true, hugeArray(), deepNesting(3000), deepNesting(100_000))));
        }
        if (kind == 2) {
            return Json.write(Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>(template);
        List<String> keys = new ArrayList<>(body.keySet());
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes && !keys.isEmpty(); i++) {
            String key = pick(keys);
            int change = random.nextInt(10);
            if (change == 0) {
                body.remove(key);
            } else if (change == 1) {
                body.put(string(), value());
            } else {
                body.put(key, mutate(body.get(key)));
            }
        }
        return Json.write(body);
    }

    /** The value hostile in its own type (strings, list elements, nested fields) or replaced by another type. */
    @SuppressWarnings("unchecked")
    Object mutate(Object valid) {
        if (chance(0.35)) {
            return value();
        }
        if (valid instanceof List<?> list && !list.isEmpty()) {
            List<Object> copy = new ArrayList<>(list);
            int at = random.nextInt(copy.size());
            copy.set(at, mutate(copy.get(at)));
            return copy;
        }
        if (valid instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            String key = pick(new ArrayList<>(copy.keySet()));
            copy.put(key, mutate(copy.get(key)));
            return copy;
        }
        if (valid instanceof Number) {
            return chance(0.5) ? new RawJson(number().isEmpty() ? "-1" : jsonNumberOrString(number())) : value();
        }
        return string();
    }

    private static String jsonNumberOrString(String text) {
        return text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?") ? text : Json.write(text);
    }

    /** JSON text written as is (numbers out of range, NaN, deep nesting). */
    public record RawJson(String json) {
    }
}
