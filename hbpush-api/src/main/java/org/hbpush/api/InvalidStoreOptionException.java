package org.hbpush.api;

import static java.util.Objects.requireNonNull;

/**
 * A store option has a value the store cannot use. The server reports it as a configuration
 * error, adding the file, the line and the full key path, and does not start.
 *
 * <pre>{@code
 * throw new InvalidStoreOptionException("port", "must be between 1 and 65535, not 70000");
 * }</pre>
 */
public class InvalidStoreOptionException extends StoreException {
    private final String key;
    private final String problem;

    /**
     * @param key     the option key, as in YAML
     * @param problem what is wrong, as the end of a sentence that starts with the key
     */
    public InvalidStoreOptionException(String key, String problem) {
        super(requireNonNull(key, "key is null") + ": " + requireNonNull(problem, "problem is null"));
        this.key = key;
        this.problem = problem;
    }

    /** The option key. */
    public String key() {
        return key;
    }

    /** What is wrong with its value. */
    public String problem() {
        return problem;
    }
}
