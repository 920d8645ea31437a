package io.edgeserve.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code application/x-npz}: every output as {@code <name>.npy} in an uncompressed zip, as
 * {@code np.savez} writes it, so {@code np.load(body)[name]} gives each output back. Members are stored,
 * not deflated, so writing costs one pass over the data to checksum it and one to write it.
 */
final class NpzWriter implements TensorWriter {

    @Override
    public void write(List<NamedTensor> outputs, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (NamedTensor output : outputs) {
            byte[] header = NpyWriter.header(output.tensor());
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(output.tensor().data());
            ZipEntry entry = new ZipEntry(output.name() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(header.length + output.tensor().byteSize());
            entry.setCompressedSize(entry.getSize());
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            NpyWriter.writeArray(header, output.tensor(), zip);
            zip.closeEntry();
        }
        zip.finish();
    }
}
