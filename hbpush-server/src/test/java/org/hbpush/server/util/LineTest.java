package org.hbpush.server.util;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineTest {
    private static final class Person extends Line.Member<Person> {
        private final String name;

        Person(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Person> walk(Line<Person> line) {
        List<Person> people = new ArrayList<>();
        for (Person person = line.first(); person != null; person = person.next()) {
            people.add(person);
        }
        return people;
    }

    @Test
    @DisplayName("members join at the end and leave from anywhere; the others keep their order")
    void order() {
        Line<Person> line = new Line<>();
        Person ann = new Person("ann");
        Person bob = new Person("bob");
        Person cid = new Person("cid");
        Person dee = new Person("dee");
        line.append(ann);
        line.append(bob);
        line.append(cid);
        line.append(dee);

        assertThat(line.remove(bob)).isTrue();
        assertThat(walk(line)).containsExactly(ann, cid, dee);
        assertThat(line.remove(ann)).isTrue();
        assertThat(line.remove(dee)).isTrue();
        assertThat(walk(line)).containsExactly(cid);
        assertThat(line.first()).isSameAs(cid);
        assertThat(line.size()).isEqualTo(1);

        line.append(bob);
        assertThat(walk(line)).as("one who left may join again, at the end").containsExactly(cid, bob);
        assertThat(line.remove(cid)).isTrue();
        assertThat(line.remove(bob)).isTrue();
        assertThat(line.isEmpty()).isTrue();
        assertThat(line.first()).isNull();
    }

    @Test
    @DisplayName("a member leaves once, never out of a line it is not in, and stands in one line at a time")
    void membership() {
        Line<Person> line = new Line<>();
        Line<Person> other = new Line<>();
        Person ann = new Person("ann");
        Person bob = new Person("bob");
        line.append(ann);
        other.append(bob);

        assertThat(line.contains(ann)).isTrue();
        assertThat(line.contains(bob)).isFalse();
        assertThat(line.remove(bob)).as("bob stands in the other line").isFalse();
        assertThat(walk(other)).containsExactly(bob);
        assertThatThrownBy(() -> line.append(bob)).isInstanceOf(IllegalStateException.class);

        assertThat(line.remove(ann)).isTrue();
        assertThat(line.remove(ann)).isFalse();
        assertThat(line.contains(ann)).isFalse();
        assertThat(ann.next()).isNull();
        assertThat(line.size()).isZero();
        assertThat(other.size()).isEqualTo(1);
    }
}
