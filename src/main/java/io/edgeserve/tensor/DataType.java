package io.edgeserve.tensor;

import java.util.Locale;

/**
 * Element types a tensor can hold, with their width in bytes; values are always stored little-endian.
 * The names follow NumPy, so that {@code .npy} headers and manifests can use them as they are.
 */
public enum DataType {
    FLOAT32(4, "float32"),
    FLOAT64(8, "float64"),
    FLOAT16(2, "float16"),
    INT8(1, "int8"),
    UINT8(1, "uint8"),
    INT32(4, "int32"),
    INT64(8, "int64"),
    BOOLEAN(1, "bool");

    private final int byteWidth;
    private final String numpyName;

    DataType(int byteWidth, String numpyName) {
        this.byteWidth = byteWidth;
        this.numpyName = numpyName;
    }

    public int byteWidth() {
        return byteWidth;
    }

    /** The NumPy name of this type, as in {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16;
    }

    /** Parses a NumPy-style name such as {@code float16} or {@code uint8}; case does not matter. */
    public static DataType fromNumpyName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (DataType type : values()) {
            if (type.numpyName.equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + name + "'");
    }
}
