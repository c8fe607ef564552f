package io.peerage.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The parts of a score as an immutable map from part name to value, in the order of the names. The ranker scores every
 * candidate of every request with the same names: they are shared, and each score holds only its values, instead of
 * a hash map of boxed numbers per candidate.
 */
public final class ScoreParts extends AbstractMap<String, Double> {

    private final List<String> names;
    private final double[] values;

    /** @param names immutable and shared by every score of the same kind; {@code values} in the same order */
    public ScoreParts(List<String> names, double[] values) {
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " part names for " + values.length + " values");
        }
        this.names = names;
        this.values = values.clone();
    }

    /** True when the parts are exactly these names, in their order: a stored score then lists only its values. */
    static boolean namedAs(Map<String, Double> parts, List<String> names) {
        if (parts instanceof ScoreParts shared && shared.names() == names) {
            return true;
        }
        if (parts.size() != names.size()) {
            return false;
        }
        Iterator<String> expected = names.iterator();
        for (String name : parts.keySet()) {
            if (!Objects.equals(name, expected.next())) {
                return false;
            }
        }
        return true;
    }

    /** The part names, the very list the scores were built with. */
    public List<String> names() {
        return names;
    }

    public double value(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Double get(Object name) {
        int index = names.indexOf(name);
        return index < 0 ? null : values[index];
    }

    @Override
    public boolean containsKey(Object name) {
        return names.contains(name);
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(names.get(index), values[index]);
                    }
                };
            }
        };
    }
}
