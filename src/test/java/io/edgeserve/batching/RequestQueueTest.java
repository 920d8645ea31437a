package io.edgeserve.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RequestQueueTest {

    private static final long NOW = Long.MAX_VALUE - 10; // deadlines below wrap around
    private static final long TIMEOUT_NANOS = 1_000;

    private final RequestQueue<String, String> queue = new RequestQueue<>(10);
    private final List<PendingRequest<String, String>> expired = new ArrayList<>();

    private static PendingRequest<String, String> request(String key, int rows) {
        return request(key, rows, TIMEOUT_NANOS);
    }

    private static PendingRequest<String, String> request(String key, int rows, long timeoutNanos) {
        return new PendingRequest<>(key + rows, rows, key, NOW, NOW + timeoutNanos, new CompletableFuture<>());
    }

    private PendingRequest<String, String> queued(String key, int rows) {
        PendingRequest<String, String> request = request(key, rows);
        assertThat(queue.offer(request)).isTrue();
        return request;
    }

    @Test
    void offer_refusesARequestBeyondCapacity() {
        RequestQueue<String, String> small = new RequestQueue<>(2);
        assertThat(small.offer(request("a", 1))).isTrue();
        assertThat(small.offer(request("a", 1))).isTrue();
        assertThat(small.offer(request("a", 1))).isFalse();
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void takeBatch_takesTheHeadAndLaterCompatibleRequestsInOrder() {
        var first = queued("a", 2);
        var other = queued("b", 1);
        var second = queued("a", 3);
        assertThat(queue.takeBatch(8, NOW, expired)).containsExactly(first, second);
        assertThat(queue.head()).isSameAs(other);
    }

    @Test
    void takeBatch_stopsAtTheFirstCompatibleRequestThatDoesNotFit() {
        var first = queued("a", 3);
        var tooBig = queued("a", 4);
        queued("a", 1);
        assertThat(queue.takeBatch(5, NOW, expired)).containsExactly(first);
        assertThat(queue.head()).isSameAs(tooBig);
    }

    @Test
    void takeBatch_headWithMoreRowsThanTheMaximum_goesAlone() {
        var big = queued("a", 12);
        queued("a", 1);
        assertThat(queue.takeBatch(8, NOW, expired)).containsExactly(big);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void takeBatch_setsExpiredRequestsAsideInsteadOfRunningThem() {
        var late = request("a", 1, 5);
        queue.offer(late);
        var onTime = queued("a", 1);
        assertThat(queue.takeBatch(8, NOW + 5, expired)).containsExactly(onTime);
        assertThat(expired).containsExactly(late);
    }

    @Test
    void takeBatch_dropsCancelledRequests() {
        var cancelled = queued("a", 1);
        var live = queued("a", 1);
        cancelled.fail(new IllegalStateException("cancelled"));
        assertThat(queue.takeBatch(8, NOW, expired)).containsExactly(live);
        assertThat(expired).isEmpty();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void rowsCompatibleWithHead_countsOnlyTheHeadsKey() {
        queued("a", 2);
        queued("b", 5);
        queued("a", 3);
        assertThat(queue.rowsCompatibleWithHead()).isEqualTo(5);
    }

    @Test
    void remove_freesTheRequestsPlaceAndRows() {
        var gone = queued("a", 2);
        queued("a", 3);
        assertThat(queue.remove(gone)).isTrue();
        assertThat(gone.isQueued()).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.rowsCompatibleWithHead()).isEqualTo(3);
    }

    @Test
    void removeExpired_takesOnlyRequestsAtOrPastTheirDeadline() {
        var shortLived = request("a", 1, 5);
        queue.offer(shortLived);
        queued("a", 1);
        assertThat(queue.removeExpired(NOW + 4)).isEmpty();
        assertThat(queue.removeExpired(NOW + 5)).containsExactly(shortLived);
    }

    @Test
    void earliestDeadline_isNotAlwaysTheHeads() {
        queued("a", 1);
        var hurried = request("a", 1, 5);
        queue.offer(hurried);
        assertThat(queue.earliestDeadline()).isSameAs(hurried);
    }
}
