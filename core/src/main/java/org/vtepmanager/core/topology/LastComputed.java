package org.vtepmanager.core.topology;

import java.util.function.Supplier;
import org.vtepmanager.core.intent.Intent;

/**
 * The last value computed from one intent and one observed state, kept while both are the same (immutable)
 * instances: after each change every southbound asks for the same thing, and asking again must not compute again.
 */
final class LastComputed<T> {

    private record Entry<T>(Intent intent, ObservedState observed, T value) {
    }

    private volatile Entry<T> last;

    T get(Intent intent, ObservedState observed, Supplier<T> compute) {
        Entry<T> known = last;
        if (known != null && known.intent() == intent && known.observed() == observed) {
            return known.value();
        }
        T value = compute.get();
        last = new Entry<>(intent, observed, value);
        return value;
    }
}
