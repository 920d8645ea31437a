/**
 * Request and response bodies by media type; {@link io.edgeserve.codec.TensorCodec} is the whole of what
 * other packages call. The rule: a client of AWS's SageMaker MXNet container, sending what it sent there,
 * gets the same answer here, byte for byte where the container succeeded.
 *
 * <p>Choices where the container has no answer, or a poor one, each documented on its class:
 * <ul>
 *   <li>JSON responses print NaN and infinities as {@code NaN}, {@code Infinity}, {@code -Infinity}
 *       ({@code json.dumps}' default); the JSON reader accepts those tokens as {@code json.loads} does.
 *   <li>CSV responses print float32 widened to double ({@code 4.9999918937683105}), because the container
 *       saves {@code tolist()}; not NumPy's float32 {@code str} ({@code 4.999992}).
 *   <li>CSV and NPY hold one tensor: several outputs are a 406 naming JSON and NPZ, which hold them all.
 *   <li>A malformed {@code Accept} header is a 400, not a fallback to JSON.
 *   <li>Text, empty cells and header lines in CSV, booleans in JSON, and bytes after NPY data are 400s where
 *       the container would have guessed (NaN, 1/0) or ignored them.
 *   <li>Tensors keep the element type of their body (an int32 {@code .npy} stays int32); the container
 *       casts every request to float32 and saves every {@code .npy} response as {@code <f8}; casting to
 *       the model's input type is the binding layer's job.
 * </ul>
 */
package io.edgeserve.codec;
