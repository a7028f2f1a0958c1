package io.hashpipe.dbapi.internals;

/** A batch of more results than {@code dbapi.batch.max.items}: answered 413, nothing of it stored. */
public final class TooManyItemsException extends BadRequestException {

    public TooManyItemsException(String message) {
        super(message);
    }
}
