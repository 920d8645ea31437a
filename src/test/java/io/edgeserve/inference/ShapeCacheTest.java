package io.edgeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeCacheTest {

    @Test
    void newShapeBeyondTheCap_evictsTheLeastRecentlyUsed() {
        ShapeCache<Long> cache = new ShapeCache<>(2);
        List<List<?>> worked = new ArrayList<>();
        cache.lookup(List.of(1L), shape -> { worked.add(shape); return 10L; });
        cache.lookup(List.of(2L), shape -> { worked.add(shape); return 20L; });
        cache.lookup(List.of(1L), shape -> { worked.add(shape); return 10L; }); // used again: 2 is now the eldest
        cache.lookup(List.of(3L), shape -> { worked.add(shape); return 30L; });

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(cache.sum(Long::longValue)).isEqualTo(40);
        assertThat(worked).containsExactly(List.of(1L), List.of(2L), List.of(3L));

        cache.lookup(List.of(2L), shape -> { worked.add(shape); return 20L; });
        assertThat(worked).hasSize(4); // 2 was evicted, so it is worked out again
        assertThat(cache.evictions()).isEqualTo(2);
    }

    @Test
    void aShapeRefusedByItsVerdict_isNotKept() {
        ShapeCache<Long> cache = new ShapeCache<>(2);
        assertThatThrownBy(() -> cache.lookup(List.of(1L), shape -> { throw new IllegalArgumentException("no"); }))
                .hasMessage("no");
        assertThat(cache.size()).isZero();
        assertThat(cache.evictions()).isZero();
    }

    @Test
    void capBelowOne_isRefused() {
        assertThatThrownBy(() -> new ShapeCache<Long>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
