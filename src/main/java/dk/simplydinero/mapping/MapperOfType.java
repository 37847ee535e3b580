package dk.simplydinero.mapping;

import dk.simplydinero.mapping.custom.CustomMapping;

import java.util.function.Supplier;

/** A mapper of one record type, in either direction. */
public interface MapperOfType {

    /** The record type it maps. */
    RecordType type();

    /** Applies the custom mapping file's rules of its type (sync.mapping=custom) on top of the default. */
    void customizedBy(Supplier<CustomMapping> custom);
}
