package dev.pairlock.datasync;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * An item's include/exclude globs (the JDK's glob syntax), applied to paths relative to the item's
 * root, {@code /}-separated. A pattern without {@code /} matches a name at any depth ({@code *.tmp});
 * one with {@code /} matches the whole relative path ({@code cache/**}). Exclude wins; an excluded
 * directory is not descended into. Includes, when given, select files and links; directories are
 * always walked (unless excluded) so that included files below them are found.
 *
 * <p>The receiver applies the same filter when it deletes: a file the filter does not select is
 * neither sent nor deleted on the SPARE (rsync's behaviour without {@code --delete-excluded}).
 */
final class PathFilter {
    /** Temporary names of transfers in progress; never synced, never counted as extra. */
    static final String PART_PREFIX = ".pairlock-part.";

    private final List<Matcher> include;
    private final List<Matcher> exclude;

    private record Matcher(String pattern, boolean wholePath, PathMatcher matcher) {
        boolean matches(String rel) {
            String subject = wholePath ? rel : rel.substring(rel.lastIndexOf('/') + 1);
            return matcher.matches(Path.of(subject));
        }
    }

    PathFilter(List<String> include, List<String> exclude) {
        this.include = include.stream().map(PathFilter::compile).toList();
        this.exclude = exclude.stream().map(PathFilter::compile).toList();
    }

    private static Matcher compile(String pattern) {
        return new Matcher(pattern, pattern.indexOf('/') >= 0, FileSystems.getDefault().getPathMatcher("glob:" + pattern));
    }

    /** Checks a pattern's syntax; the JDK's message if it is bad. */
    static void check(String pattern) {
        FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /** Whether {@code rel} (non-empty, relative to the root) is synced. */
    boolean accepts(String rel, boolean directory) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if (name.startsWith(PART_PREFIX)) {
            return false;
        }
        for (Matcher m : exclude) {
            if (m.matches(rel)) {
                return false;
            }
        }
        if (directory || include.isEmpty()) {
            return true;
        }
        for (Matcher m : include) {
            if (m.matches(rel)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, as both SCs must agree on them (the receiver deletes by the same filter). */
    String fingerprint() {
        return "include=" + include.stream().map(Matcher::pattern).toList() + " exclude="
                + exclude.stream().map(Matcher::pattern).toList();
    }
}
