package org.amhub.console.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Three-way merge of a profile edit with a change someone else saved meanwhile, so that neither is lost. Per field:
 * whoever changed it wins; if both did, a single value is a conflict the person decides, while a list merges line by
 * line (their lines, plus the lines this edit added, minus the lines it removed).
 */
public final class ProfileMerge {

    /**
     * @param fields    the merged values
     * @param conflicts fields both sides changed differently, with the value saved meanwhile
     * @param theirs    fields taken from the change saved meanwhile (this edit left them alone)
     */
    public record Result(Map<String, String> fields, Map<String, String> conflicts, List<String> theirs) {
        public boolean clean() {
            return conflicts.isEmpty();
        }
    }

    private ProfileMerge() {
    }

    public static Result merge(Map<String, String> base, Map<String, String> mine, Map<String, String> theirs) {
        Map<String, String> merged = new LinkedHashMap<>();
        Map<String, String> conflicts = new LinkedHashMap<>();
        List<String> takenFromTheirs = new ArrayList<>();
        for (String field : ProfileForm.FIELDS) {
            String b = normalise(field, base.get(field));
            String m = normalise(field, mine.get(field));
            String t = normalise(field, theirs.get(field));
            if (m.equals(t) || t.equals(b)) {
                merged.put(field, m);
            } else if (m.equals(b)) {
                merged.put(field, t);
                takenFromTheirs.add(field);
            } else if (ProfileForm.isList(field)) {
                merged.put(field, mergeLines(b, m, t));
                takenFromTheirs.add(field);
            } else {
                merged.put(field, m);
                conflicts.put(field, t);
            }
        }
        return new Result(merged, conflicts, takenFromTheirs);
    }

    private static String mergeLines(String base, String mine, String theirs) {
        List<String> baseLines = ProfileForm.lines(base);
        List<String> mineLines = ProfileForm.lines(mine);
        Set<String> result = new LinkedHashSet<>(ProfileForm.lines(theirs));
        mineLines.stream().filter(line -> !baseLines.contains(line)).forEach(result::add);
        baseLines.stream().filter(line -> !mineLines.contains(line)).forEach(result::remove);
        return String.join("\n", result);
    }

    private static String normalise(String field, String value) {
        String text = Objects.requireNonNullElse(value, "");
        return ProfileForm.isList(field) ? String.join("\n", ProfileForm.lines(text)) : text.strip();
    }
}
