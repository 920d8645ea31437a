"""Writes the reference files the codec tests compare against, from CPython and NumPy themselves.

Run from this folder with any Python 3 and NumPy >= 1.14:  python3 generate_fixtures.py
The files are committed; rerunning with the same seed writes the same bytes (NumPy 2.x).
"""
import io
import math
import random
import struct

import numpy as np

random.seed(20240607)


def bits_of(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def float_repr_cases():
    values = [0.0, -0.0, 1.0, -1.0, 5.0, 100.0, 0.1, 0.0001, 1e-5, 1e16, 1e15, 9999999999999998.0,
              123456789.0, 1.5e300, 5e-324, -5e-324, 1e-7, 1e7, 1e22, 1e23, 2.4798819140414707e-06,
              float(np.float32(4.99999189)), math.pi, math.e, 1.7976931348623157e308, 2.2250738585072014e-308]
    values += [math.nextafter(v, d) for v in (1e-4, 1e16, 1e-3, 1e7) for d in (0.0, math.inf)]
    values += [k * 5e-324 for k in range(1, 300)]
    values += [10.0 ** e for e in range(-323, 309)]
    values += [float(np.float32(10.0 ** e)) for e in range(-45, 39)]
    for _ in range(3000):
        x = from_bits(random.getrandbits(64))
        if math.isfinite(x):
            values.append(x)
    for _ in range(3000):
        f = np.frombuffer(struct.pack('<I', random.getrandbits(32)), dtype='<f4')[0]
        if np.isfinite(f):
            values.append(float(f))
    for _ in range(1000):
        values.append(random.uniform(-1000, 1000))
    with open('python-float-repr.txt', 'w') as out:
        out.write('# IEEE 754 double bits (hex) and CPython repr() of that double\n')
        for v in values:
            out.write('%016x %r\n' % (bits_of(v), v))


def npy_cases():
    a = np.arange(6).reshape(2, 3)
    arrays = {
        'f4_2x3': (a * 1.5).astype('<f4'),
        'f8_2x3': (a * 1.5).astype('<f8'),
        'f2_2x3': (a * 1.5).astype('<f2'),
        'i1_2x3': (a - 3).astype('|i1'),
        'u1_2x3': (a + 250).astype('|u1'),
        'i4_2x3': (a - 3).astype('<i4'),
        'i8_2x3': (a - 3).astype('<i8'),
        'b1_2x3': (a % 2 == 0),
        'f4_be_2x3': (a * 1.5).astype('>f4'),
        'f8_be_2x3': (a * 1.5).astype('>f8'),
        'f2_be_2x3': (a * 1.5).astype('>f2'),
        'i4_be_2x3': (a - 3).astype('>i4'),
        'i8_be_2x3': (a - 3).astype('>i8'),
        'f4_fortran_2x3x4': np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4)),
        'f8_be_fortran_2x3': np.asfortranarray((a * 1.5).astype('>f8')),
        'f4_scalar': np.array(4.5, dtype='<f4'),
        'f4_1d': np.array([1.0, -2.0, 3.5], dtype='<f4'),
        'f4_empty_0x3': np.zeros((0, 3), dtype='<f4'),
    }
    for name, array in arrays.items():
        np.save(name + '.npy', array)
    np.save('object.npy', np.array([1, 'a'], dtype=object), allow_pickle=True)
    np.save('complex.npy', np.array([1 + 2j], dtype='<c8'))
    np.save('structured.npy', np.zeros(2, dtype=[('x', '<f4'), ('y', '<i4')]))
    np.savez('two_arrays.npz', data=(a * 1.5).astype('<f4'), mask=(a % 2 == 0))
    np.savez_compressed('two_arrays_compressed.npz', data=(a * 1.5).astype('<f4'), mask=(a % 2 == 0))
    with open('v2_f4_2x3.npy', 'wb') as f:
        np.lib.format.write_array(f, (a * 1.5).astype('<f4'), version=(2, 0))
    with open('v3_f4_2x3.npy', 'wb') as f:
        np.lib.format.write_array(f, (a * 1.5).astype('<f4'), version=(3, 0))


def csv_cases():
    x = np.array([[4.99999189, 2.4798819140414707e-06, 1.0000076293945312]], dtype=np.float32).T
    out = io.StringIO()
    # exactly what the SageMaker MXNet container's default output_fn does for text/csv
    np.savetxt(out, x.tolist(), delimiter=',', fmt='%s')
    with open('linreg-expected.csv', 'w') as f:
        f.write(out.getvalue())


float_repr_cases()
npy_cases()
csv_cases()
