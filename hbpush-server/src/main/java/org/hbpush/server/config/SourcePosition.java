package org.hbpush.server.config;

/**
 * Where something was written in a configuration file, as editors count: both numbers start at 1.
 *
 * <pre>{@code
 * new SourcePosition(4, 3).toString()   // "line 4, column 3"
 * }</pre>
 *
 * @param line   the line, from 1
 * @param column the column, from 1
 */
public record SourcePosition(int line, int column) {
    public SourcePosition {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be at least 1: " + column);
        }
    }

    /** {@code line N, column M}, as it appears in error messages. */
    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
