package dev.pairlock.supervision;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a platform-file value into words the way a shell would, without expanding anything:
 * whitespace separates words, {@code '...'} quotes literally, {@code "..."} quotes with {@code \"} and
 * {@code \\} escapes. No variables, globs or redirections: the words go to exec as they are.
 */
final class Words {
    private Words() {
    }

    /** @throws IllegalArgumentException naming an unterminated quote */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("the ' at column " + (i + 1) + " is not closed");
                }
                w.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < text.length() && text.charAt(j) != '"'; j++) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < text.length() && (text.charAt(j + 1) == '"' || text.charAt(j + 1) == '\\')) {
                        w.append(text.charAt(++j));
                    } else {
                        w.append(d);
                    }
                }
                if (j >= text.length()) {
                    throw new IllegalArgumentException("the \" at column " + (i + 1) + " is not closed");
                }
                i = j;
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
