package io.hashpipe.api;

import java.util.Map;

/**
 * What a stage tells its processor before the first task: who runs it and the settings given for it.
 *
 * @param instance the worker's name (host and instance), e.g. for a result field saying who made it
 * @param threads  how many worker threads call {@link Processor#process} at once
 * @param settings the {@code --processor-setting key=value} pairs, for the processor to read and validate, beside the
 *                 stage's own {@code max.difficulty} and {@code hasher.bcrypt.impl} (bcrypt reads them; a setting
 *                 of the same key wins)
 */
public record ProcessorContext(String instance, int threads, Map<String, String> settings) {

    public ProcessorContext {
        settings = Map.copyOf(settings);
    }
}
