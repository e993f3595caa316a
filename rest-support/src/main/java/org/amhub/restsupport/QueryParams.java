package org.amhub.restsupport;

/**
 * Query parameters read as text and parsed here, so a bad value is a 400 naming the parameter (JAX-RS would answer
 * a failed conversion of a typed parameter with a bare 404).
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(name, "must be a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidQueryException(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    public static double decimal(String name, String value, double fallback, double min, double max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(name, "must be a number");
        }
        if (!(parsed >= min && parsed <= max)) { // also refuses NaN
            throw new InvalidQueryException(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    public static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidQueryException(name, "must be true or false");
        };
    }
}
