/**
 * What a hall's devices are told as it happens: a ticket called to a window, the queue changed. The
 * queue signals after its transaction commits; listeners (the MQTT bridge to the hall's boards and
 * kiosks) must not throw and must not wait. In-process: each node tells the devices of what it did.
 */
export type HallSignal =
  | {
      kind: "call";
      siteId: string;
      siteCode: string;
      ticketNumber: string;
      windowLabel: string;
      /** 1 for the first call, more for a recall. */
      callCount: number;
      at: string;
    }
  | { kind: "queue"; siteId: string; siteCode: string; waiting: number; at: string };

type Listener = (signal: HallSignal) => void;
const listeners = new Set<Listener>();

/** Subscribes; answers the function that unsubscribes. */
export function onHallSignal(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalHall(signal: HallSignal): void {
  for (const listener of listeners) {
    try {
      listener(signal);
    } catch {
      // A listener's failure is its own (it logs); the queue has already done its work.
    }
  }
}
