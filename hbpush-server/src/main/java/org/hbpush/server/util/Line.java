package org.hbpush.server.util;

/**
 * A first-come first-served line of members linked through themselves: joining at the end and
 * leaving from anywhere are a few pointer writes, with no hashing, no node allocated and no table
 * to grow. The held long polls of a channel and the deadlines of held polls stand in such lines,
 * thousands at a time, joining and leaving at every delivery.
 *
 * <p>Not thread-safe: the owner guards the line, and its members' links, with its own lock. A
 * member stands in one line at a time.
 *
 * @param <T> the members' type
 */
public final class Line<T extends Line.Member<T>> {
    private T first;
    private T last;
    private int size;

    /** What stands in a line: a member carries its own links. */
    public abstract static class Member<T extends Member<T>> {
        // package-private, not private: the line reaches them through its type variable
        Line<T> line;
        T previous;
        T next;

        /** The member behind this one in its line, null at the end or when out of line; under the line's guard. */
        public final T next() {
            return next;
        }
    }

    /** Puts the member at the end of the line. */
    public void append(T member) {
        if (member.line != null) {
            throw new IllegalStateException("already in a line: " + member);
        }
        member.line = this;
        member.previous = last;
        if (last == null) {
            first = member;
        }
        else {
            last.next = member;
        }
        last = member;
        size++;
    }

    /** Takes the member out of the line; false when it is not in this line (left already, or in another). */
    public boolean remove(T member) {
        if (member.line != this) {
            return false;
        }
        if (member.previous == null) {
            first = member.next;
        }
        else {
            member.previous.next = member.next;
        }
        if (member.next == null) {
            last = member.previous;
        }
        else {
            member.next.previous = member.previous;
        }
        member.line = null;
        member.previous = null;
        member.next = null;
        size--;
        return true;
    }

    /** True while the member stands in this line. */
    public boolean contains(T member) {
        return member.line == this;
    }

    /** The member that has stood longest, null when the line is empty. */
    public T first() {
        return first;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
