package io.edgeserve.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    private static final Reply REPLY = new Reply("t", new byte[] {1}, 1, "application/json", null, Map.of());

    @Test
    void firstDelivery_isFresh_redeliveryWhileComputing_isInProgress() {
        RecentRequests recent = new RecentRequests(4);
        assertThat(recent.claim("a")).isInstanceOf(RecentRequests.Claim.Fresh.class);
        assertThat(recent.claim("a")).isInstanceOf(RecentRequests.Claim.InProgress.class);
    }

    @Test
    void redeliveryOfAnAnsweredRequest_getsItsReply() {
        RecentRequests recent = new RecentRequests(4);
        recent.claim("a");
        recent.answered("a", REPLY);
        assertThat(recent.claim("a")).isEqualTo(new RecentRequests.Claim.Answered(REPLY));
    }

    @Test
    void released_claim_canBeTakenAgain() {
        RecentRequests recent = new RecentRequests(4);
        recent.claim("a");
        recent.release("a");
        assertThat(recent.claim("a")).isInstanceOf(RecentRequests.Claim.Fresh.class);
    }

    @Test
    void oldestEntries_areForgottenBeyondTheBound() {
        RecentRequests recent = new RecentRequests(2);
        recent.claim("a");
        recent.claim("b");
        recent.claim("c");
        assertThat(recent.claim("a")).isInstanceOf(RecentRequests.Claim.Fresh.class);
        assertThat(recent.claim("c")).isInstanceOf(RecentRequests.Claim.InProgress.class);
    }
}
