package io.edgeserve.capture;

import io.edgeserve.invocation.InvocationRecord;
import java.time.Instant;

/**
 * One captured request as the writer receives it: the bodies as the core read and wrote them (not copied: the
 * core never changes them after the answer), and who answered. Encoding waits for the writer's thread.
 *
 * @param eventId          the request's id
 * @param inferenceTime    when the answer was ready
 * @param customAttributes the caller's custom attributes, or null
 * @param model            the model that answered, without its version
 * @param version          the model's version where it has one ({@code NAME:VERSION}), else null
 * @param variant          the variant that answered ({@code float32}, {@code float16})
 * @param input            the request body, or null where the mode leaves it out
 * @param output           the answer body, or null where the mode leaves it out
 */
public record CaptureEvent(String eventId, Instant inferenceTime, String customAttributes, String model,
                           String version, String variant, Body input, Body output) {

    /**
     * A body and its media type; {@code data} is null where it was larger than the limit and skipped.
     *
     * @param sizeBytes the body's size, recorded or not
     */
    public record Body(String contentType, byte[] data, long sizeBytes) {

        static Body of(String contentType, byte[] data, long maxBytes) {
            return new Body(contentType, data.length > maxBytes ? null : data, data.length);
        }

        public boolean skipped() {
            return data == null;
        }
    }

    /** The event of an answered request, with the sides and sizes {@code settings} allow. */
    static CaptureEvent of(InvocationRecord record, CaptureSettings settings) {
        String answeredBy = record.answer().model();
        String model = answeredBy;
        String version = null;
        int colon = answeredBy.lastIndexOf(':');
        if (colon > 0 && colon < answeredBy.length() - 1 && answeredBy.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            model = answeredBy.substring(0, colon);
            version = answeredBy.substring(colon + 1);
        }
        String requestType = record.request().contentType();
        Body input = settings.mode().input()
                ? Body.of(requestType == null || requestType.isBlank() ? "application/json" : requestType,
                        record.requestBody(), settings.maxBodyBytes())
                : null;
        Body output = settings.mode().output()
                ? Body.of(record.answer().contentType().toString(), record.answer().body(), settings.maxBodyBytes())
                : null;
        return new CaptureEvent(record.request().requestId(), record.time(), record.request().customAttributes(),
                model, version, record.answer().precision().label(), input, output);
    }
}
