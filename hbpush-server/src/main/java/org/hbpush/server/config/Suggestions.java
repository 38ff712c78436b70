package org.hbpush.server.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the word the user probably meant ({@code prot} -> {@code port}, {@code createOnPost} ->
 * {@code create_on_post}) for "did you mean" hints.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate, if it is close enough to be a likely typo. */
    static Optional<String> closest(String given, Collection<String> candidates) {
        String normalizedGiven = normalize(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(normalizedGiven, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null || best.equals(given)) {
            return Optional.empty();
        }
        // short words are easily one edit from anything: allow fewer edits there
        int allowed = Math.min(normalizedGiven.length(), normalize(best).length()) <= 4 ? 1 : 2;
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code unknown key (did you mean "port"?)}, or with the list of known keys when none is close. */
    static String unknownKey(String given, Collection<String> knownKeys) {
        String hint = closest(given, knownKeys)
                .map(known -> "did you mean " + Wording.quote(known) + "?")
                .orElse("known keys: " + Wording.list(knownKeys));
        return "unknown key (" + hint + ")";
    }

    // case, underscores and hyphens are spelling, not meaning: createOnPost is create_on_post
    private static String normalize(String word) {
        return word.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: Levenshtein plus swapping two neighbours (prot -> port is one edit). */
    private static int distance(String first, String second) {
        int[][] distances = new int[first.length() + 1][second.length() + 1];
        for (int i = 0; i <= first.length(); i++) {
            distances[i][0] = i;
        }
        for (int j = 0; j <= second.length(); j++) {
            distances[0][j] = j;
        }
        for (int i = 1; i <= first.length(); i++) {
            for (int j = 1; j <= second.length(); j++) {
                int cost = first.charAt(i - 1) == second.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(distances[i - 1][j] + 1, distances[i][j - 1] + 1), distances[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && first.charAt(i - 1) == second.charAt(j - 2) && first.charAt(i - 2) == second.charAt(j - 1)) {
                    best = Math.min(best, distances[i - 2][j - 2] + 1);
                }
                distances[i][j] = best;
            }
        }
        return distances[first.length()][second.length()];
    }
}
