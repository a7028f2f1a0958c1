package io.hashpipe.hasher;

/**
 * A processor that cannot be found or loaded: an unknown {@code --processor} name, a jar of the plugin directory
 * that cannot be read, or a class it lists that cannot be loaded or made. The message names the jar, the class
 * and the fix.
 */
public final class ProcessorLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Whether the name given was unknown (a bad flag) rather than a plugin broken. */
    private final boolean unknownName;

    ProcessorLoadException(String message, boolean unknownName, Throwable cause) {
        super(message, cause);
        this.unknownName = unknownName;
    }

    /** True when {@code --processor} named no processor found; false when a plugin could not be loaded. */
    public boolean unknownName() {
        return unknownName;
    }
}
