/** Hall devices and smart lockers: filled by the devices work. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the devices work
export interface DevicesDatabase {}
