package io.hashpipe.saver.internals;

import io.hashpipe.saver.SaverConfig;

/**
 * How the saver groups results into requests: at most {@code maxRecords} per request and {@code maxBytes}
 * of body, sent once full or {@code lingerMs} after the batch opened (0: at the end of each poll).
 */
public record BatchSettings(int maxRecords, int maxBytes, long lingerMs) {

    public static BatchSettings of(SaverConfig config) {
        return new BatchSettings(config.getInt(SaverConfig.BATCH_SIZE), config.getInt(SaverConfig.BATCH_MAX_BYTES),
                config.getLong(SaverConfig.BATCH_LINGER_MS));
    }
}
