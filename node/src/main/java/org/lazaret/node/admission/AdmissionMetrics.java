package org.lazaret.node.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** Admission outcomes counted by reason; every counter is registered up front. */
public final class AdmissionMetrics {
  private final Counter admitted;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Map<BusyReason, Counter> busy = new EnumMap<>(BusyReason.class);

  public AdmissionMetrics(MeterRegistry registry) {
    admitted = Counter.builder("lazaret_tx_admitted").register(registry);
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, Counter.builder("lazaret_tx_rejected").tag("reason", r.name()).register(registry));
    }
    for (BusyReason b : BusyReason.values()) {
      busy.put(b, Counter.builder("lazaret_tx_busy").tag("reason", b.name()).register(registry));
    }
  }

  void record(Admission a) {
    switch (a) {
      case Admission.Admitted ignored -> admitted.increment();
      case Admission.Rejected r -> rejected.get(r.reason()).increment();
      case Admission.Busy b -> busy.get(b.reason()).increment();
    }
  }
}
