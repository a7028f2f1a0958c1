package io.hashpipe.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --progress}: {@code auto}, {@code terminal} or {@code lines}, in any case. */
public final class ProgressModes implements ITypeConverter<ProgressMode> {
    @Override
    public ProgressMode convert(String value) {
        try {
            return ProgressMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not auto, terminal or lines");
        }
    }
}
