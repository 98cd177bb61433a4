/** The queue's tables (tickets, appointment slots, appointments): filled by the queue work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the queue work
export interface QueueDatabase {}
