package org.amhub.matchmaker.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Country groups whose members can bid together for shared funding programmes, read from a data file that each
 * deployment may edit ({@code funding-blocs.json}). Only a bloc with joint programmes counts as a shared funding
 * framework; a hub in no such bloc is neutral.
 */
public record FundingBlocs(List<Bloc> blocs, Map<String, String> aliases) {

    /** A bloc, its member countries and the joint programmes its members can apply to together. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bloc(String name, List<String> programmes, List<String> countries) {
        public Bloc {
            programmes = programmes == null ? List.of() : List.copyOf(programmes);
            countries = countries == null ? List.of() : List.copyOf(countries);
        }

        boolean funds() {
            return !programmes.isEmpty();
        }
    }

    public static final String BUNDLED = "/funding-blocs.json";

    public FundingBlocs {
        blocs = blocs == null ? List.of() : List.copyOf(blocs);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    }

    public static FundingBlocs none() {
        return new FundingBlocs(List.of(), Map.of());
    }

    /** The file shipped with the matchmaker. */
    public static FundingBlocs bundled() {
        try (InputStream in = FundingBlocs.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + BUNDLED);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FundingBlocs read(InputStream in) throws IOException {
        return new ObjectMapper().readerFor(FundingBlocs.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(in);
    }

    /** The names of the blocs with joint programmes that a country belongs to. */
    public Set<String> fundingBlocsOf(String country) {
        Set<String> result = new LinkedHashSet<>();
        if (country == null || country.isBlank()) {
            return result;
        }
        String name = key(country);
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (key(alias.getKey()).equals(name)) {
                name = key(alias.getValue());
            }
        }
        for (Bloc bloc : blocs) {
            if (bloc.funds()) {
                String wanted = name;
                if (bloc.countries().stream().anyMatch(c -> key(c).equals(wanted))) {
                    result.add(bloc.name());
                }
            }
        }
        return result;
    }

    public List<String> programmes(String bloc) {
        return blocs.stream().filter(b -> b.name().equals(bloc)).findFirst().map(Bloc::programmes).orElse(List.of());
    }

    private static String key(String country) {
        return country.strip().toLowerCase(Locale.ROOT);
    }
}
