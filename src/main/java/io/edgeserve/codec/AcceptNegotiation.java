package io.edgeserve.codec;

import io.edgeserve.problem.ProblemException;
import io.edgeserve.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Picks the response media type for an {@code Accept} header from the types we can write. Each offered type
 * takes the quality of the most specific range that matches it ({@code text/csv} over {@code text/*} over
 * {@code *}{@code /*}, RFC 9110 §12.5.1), and the best quality wins; {@code q=0} excludes. Ties go to the
 * more specific range, then to the range listed first, then to the preferred type (SageMaker's
 * {@code SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT}, JSON unless configured), then to the order types are offered
 * in. So no header, a blank one and {@code *}{@code /*} all give the preferred type, {@code application/*}
 * gives JSON, {@code text/*} CSV. Media type parameters other than {@code q} are ignored: every text we
 * write is UTF-8.
 *
 * <p>Nothing acceptable is a 406 naming what was asked and what is offered. A header that does not parse is
 * a 400 rather than a silent fallback: a client that sends a broken header should learn so, not get a
 * format it may not have asked for.
 */
final class AcceptNegotiation {

    private final List<MediaType> offered;

    /**
     * @param offered the types we can write, in our order of preference
     * @param preferred one of them, given for no header, a blank one or {@code *}{@code /*}
     */
    AcceptNegotiation(List<MediaType> offered, MediaType preferred) {
        MediaType first = offered.stream().filter(preferred::equalsTypeAndSubtype).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(preferred + " is not one of " + names(offered)));
        List<MediaType> ordered = new ArrayList<>(offered);
        ordered.remove(first);
        ordered.addFirst(first);
        this.offered = List.copyOf(ordered);
    }

    MediaType choose(String accept) {
        if (accept == null || accept.isBlank()) {
            return offered.getFirst();
        }
        List<MediaType> ranges = parse(accept);
        if (ranges.isEmpty()) {
            return offered.getFirst();
        }
        Match best = null;
        for (MediaType type : offered) {
            Match match = bestRange(type, ranges);
            if (match != null && match.quality > 0 && (best == null || match.beats(best))) {
                best = match;
            }
        }
        if (best == null) {
            throw new ProblemException(ProblemType.NOT_ACCEPTABLE, "no media type in Accept " + Detail.quote(accept.strip())
                    + " can be produced; available: " + names(offered))
                    .with("available", offered.stream().map(MediaType::toString).toList());
        }
        return best.type;
    }

    private static List<MediaType> parse(String accept) {
        try {
            return MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "the Accept header " + Detail.quote(accept.strip())
                    + " is malformed: " + e.getMessage());
        }
    }

    /** The most specific range that includes {@code type}, the first listed among equals; null if none. */
    private static Match bestRange(MediaType type, List<MediaType> ranges) {
        Match best = null;
        for (int i = 0; i < ranges.size(); i++) {
            MediaType range = ranges.get(i);
            if (range.includes(type)) {
                Match match = new Match(type, range.getQualityValue(), specificity(range), i);
                if (best == null || match.specificity > best.specificity) {
                    best = match;
                }
            }
        }
        return best;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }

    private static String names(List<MediaType> types) {
        return types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }

    /** An offered type as one range of the header rates it. */
    private record Match(MediaType type, double quality, int specificity, int rangeIndex) {

        /** Strictly better; on a full tie the type offered earlier, already held, stays. */
        boolean beats(Match other) {
            if (quality != other.quality) {
                return quality > other.quality;
            }
            if (specificity != other.specificity) {
                return specificity > other.specificity;
            }
            return rangeIndex < other.rangeIndex;
        }
    }
}
